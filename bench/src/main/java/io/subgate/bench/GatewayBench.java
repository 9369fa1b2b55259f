package io.subgate.bench;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import io.subgate.account.Account;
import io.subgate.account.AccountRepository;
import io.subgate.account.AccountType;
import io.subgate.account.NewAccount;
import io.subgate.account.Platform;
import io.subgate.account.StaticKeyCredentials;
import io.subgate.adapter.redis.RedisConnection;
import io.subgate.tenancy.ApiKeyRepository;
import io.subgate.tenancy.ApiKeys;
import io.subgate.tenancy.GroupRepository;
import io.subgate.tenancy.UserRepository;
import io.subgate.testing.RepositoryCalls;
import io.subgate.testing.StubLlmUpstream;
import io.subgate.testing.TestServices;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The gateway's added latency: the same requests sent straight to the stub upstream and through the
 * gateway (Netty, PostgreSQL, Redis, all on loopback), in one run, at several concurrencies,
 * complete and streamed. Prints p50/p99 of both and their difference, Redis round trips per request
 * and repository calls on the request path (the usage writer's are counted apart).
 *
 * <p>Arguments: {@code requestsPerLevel concurrencyLevels...} (defaults 2000 1 16 64).
 */
public final class GatewayBench {
  private static final String BODY =
      "{\"model\":\"claude-sonnet-4\",\"max_tokens\":64,%s"
          + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

  private GatewayBench() {}

  public static void main(String[] args) throws Exception {
    int requests = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
    List<Integer> levels = new ArrayList<>();
    for (int i = 1; i < args.length; i++) {
      levels.add(Integer.parseInt(args[i]));
    }
    if (levels.isEmpty()) {
      levels = List.of(1, 16, 64);
    }
    try (StubLlmUpstream upstream = new StubLlmUpstream();
        ApplicationContext gateway = start(upstream)) {
      upstream.deltas(3);
      URI gatewayUri = gateway.getBean(EmbeddedServer.class).getURI();
      String key = setUp(gateway);
      HttpClient client =
          HttpClient.newBuilder()
              .version(HttpClient.Version.HTTP_1_1)
              .executor(Executors.newFixedThreadPool(8))
              .build();
      RedisConnection redis = gateway.getBean(RedisConnection.class);
      RepositoryCalls repositories = gateway.getBean(RepositoryCalls.class);
      System.out.printf(
          "gateway bench: %d requests per level, stub upstream answers at once (3 deltas when"
              + " streamed)%n",
          requests);
      for (boolean stream : new boolean[] {false, true}) {
        String body = String.format(BODY, stream ? "\"stream\":true," : "");
        // Warm-up: JIT, connection pools, caches (key, candidates, token).
        run(client, URI.create(upstream.baseUrl()), key, body, 16, 2000);
        run(client, gatewayUri, key, body, 16, 2000);
        for (int concurrency : levels) {
          long[] direct =
              run(client, URI.create(upstream.baseUrl()), key, body, concurrency, requests);
          // The direct run can outlast the candidate TTL (5 s): a group idle that long is re-read
          // once on a request thread. Warm requests are what is measured, so re-warm first.
          run(client, gatewayUri, key, body, concurrency, 100);
          long trips = redis.roundTrips();
          int mark = repositories.mark();
          long[] via = run(client, gatewayUri, key, body, concurrency, requests);
          double tripsPer = (redis.roundTrips() - trips) / (double) requests;
          List<String> pathCalls = repositories.onRequestPath(mark);
          long onPath = pathCalls.size();
          if (System.getProperty("bench.verbose") != null) {
            System.out.println("  database calls: " + pathCalls);
          }
          Percentiles d = new Percentiles(direct);
          Percentiles g = new Percentiles(via);
          System.out.printf(
              "%-9s conc=%-3d direct p50=%6.3fms p99=%6.3fms | gateway p50=%6.3fms p99=%6.3fms"
                  + " | added p50=%6.3fms p99=%6.3fms | redis RT/req=%.2f db calls on path=%d%n",
              stream ? "stream" : "complete",
              concurrency,
              d.at(50) / 1e6,
              d.at(99) / 1e6,
              g.at(50) / 1e6,
              g.at(99) / 1e6,
              (g.at(50) - d.at(50)) / 1e6,
              (g.at(99) - d.at(99)) / 1e6,
              tripsPer,
              onPath);
        }
      }
    }
    System.exit(0);
  }

  private static ApplicationContext start(StubLlmUpstream upstream) throws Exception {
    Map<String, Object> p = new HashMap<>();
    p.putAll(TestServices.databaseProperties(TestServices.freshPostgresSchema()));
    p.putAll(TestServices.redis(TestServices.freshRedisNamespace()));
    p.put("micronaut.server.port", -1);
    p.put("subgate.admin.token", "bench-admin-token-0123456789");
    p.put("subgate.data-dir", Files.createTempDirectory("subgate-bench").toString());
    p.put("subgate.platforms.anthropic.api-base-url", upstream.baseUrl());
    p.put("subgate.test.count-repository-calls", "true");
    p.put("datasources.default.maximum-pool-size", 20);
    return ApplicationContext.run(EmbeddedServer.class, p).getApplicationContext();
  }

  private static String setUp(ApplicationContext ctx) {
    Account account =
        ctx.getBean(AccountRepository.class)
            .create(
                new NewAccount(
                    "bench",
                    Platform.ANTHROPIC,
                    AccountType.APIKEY,
                    1,
                    1000,
                    new StaticKeyCredentials("sk-bench", null)));
    GroupRepository groups = ctx.getBean(GroupRepository.class);
    long group = groups.create("bench", Platform.ANTHROPIC).id();
    groups.addAccounts(group, List.of(account.id()));
    long user = ctx.getBean(UserRepository.class).create("bench", 1000).id();
    String key = ApiKeys.generate();
    ctx.getBean(ApiKeyRepository.class)
        .create(user, group, "bench", ApiKeys.hash(key), ApiKeys.displayPrefix(key));
    return key;
  }

  /** Sends {@code total} requests from {@code concurrency} threads; per-request nanoseconds. */
  private static long[] run(
      HttpClient client, URI base, String key, String body, int concurrency, int total)
      throws Exception {
    long[] latencies = new long[total];
    AtomicInteger next = new AtomicInteger();
    ExecutorService threads = Executors.newFixedThreadPool(concurrency);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<?>> futures = new ArrayList<>();
    HttpRequest request =
        HttpRequest.newBuilder(base.resolve("/v1/messages"))
            .header("x-api-key", key)
            .header("content-type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build();
    for (int t = 0; t < concurrency; t++) {
      futures.add(
          threads.submit(
              () -> {
                start.await();
                int i;
                while ((i = next.getAndIncrement()) < total) {
                  long t0 = System.nanoTime();
                  HttpResponse<InputStream> r =
                      client.send(request, HttpResponse.BodyHandlers.ofInputStream());
                  try (InputStream in = r.body()) {
                    in.transferTo(OutputSink.INSTANCE);
                  }
                  if (r.statusCode() != 200) {
                    throw new IllegalStateException("status " + r.statusCode());
                  }
                  latencies[i] = System.nanoTime() - t0;
                }
                return null;
              }));
    }
    start.countDown();
    for (Future<?> f : futures) {
      f.get(10, TimeUnit.MINUTES);
    }
    threads.shutdown();
    return latencies;
  }

  /** Discards bytes. */
  private static final class OutputSink extends java.io.OutputStream {
    static final OutputSink INSTANCE = new OutputSink();

    @Override
    public void write(int b) {}

    @Override
    public void write(byte[] b, int off, int len) {}
  }
}
