package io.subgate.bench;

import io.lettuce.core.RedisClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import io.subgate.adapter.redis.RedisConnection;
import io.subgate.adapter.redis.RedisNamespace;
import io.subgate.adapter.redis.RedisRequestGate;
import io.subgate.alert.AlertDispatcher;
import io.subgate.crypto.CredentialCipher;
import io.subgate.gateway.admission.BudgetEvents;
import io.subgate.gateway.admission.Metering;
import io.subgate.gateway.admission.RequestLimits;
import io.subgate.gateway.protocol.ClientIdentity;
import io.subgate.gateway.protocol.ProxyRequest;
import io.subgate.gateway.protocol.Route;
import io.subgate.gateway.usage.RequestPricing;
import io.subgate.pricing.ModelPrice;
import io.subgate.pricing.PriceBook;
import io.subgate.pricing.PriceOverrides;
import io.subgate.routing.RequestGate;
import io.subgate.tenancy.AuditLog;
import io.subgate.tenancy.BudgetWindow;
import io.subgate.tenancy.Budgets;
import io.subgate.tenancy.Limits;
import io.subgate.tenancy.Principal;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;

/**
 * What budgets cost a request, apart from the rest of the gateway (whose end-to-end CPU figures
 * vary by ±15 % between runs on this machine, more than the effect measured): the gateway's Java
 * work — making the request's meters (its budget reservation priced) and its charges — in CPU time
 * per request on one thread; and Redis's — the admit and release scripts with 0, 1 and 14 meters,
 * in Redis server CPU per request ({@code INFO cpu}) and round-trip time. The cases: no limits; a
 * key's day budget; budgets in every window on key, user and group with user and group rates.
 *
 * <p>Arguments: {@code requests} per case (default 200000 in the JVM, a tenth against Redis).
 */
public final class MeterBench {
  private static final JsonMapper JSON = JsonMapper.createDefault();

  private MeterBench() {}

  public static void main(String[] args) throws Exception {
    int requests = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
    Budgets every =
        new Budgets(
            Map.of(
                BudgetWindow.FIVE_HOURS, 1_000_000_000_000L,
                BudgetWindow.DAY, 1_000_000_000_000L,
                BudgetWindow.WEEK, 1_000_000_000_000L,
                BudgetWindow.MONTH, 1_000_000_000_000L));
    Map<String, Principal> cases =
        Map.of(
            "no limits",
            new Principal(1, 2, 3, 0),
            "key day budget",
            new Principal(
                1,
                2,
                3,
                0,
                0,
                0,
                new Budgets(Map.of(BudgetWindow.DAY, 1_000_000_000_000L)),
                Limits.NONE,
                Limits.NONE),
            "all 14 meters",
            new Principal(
                1,
                2,
                3,
                0,
                0,
                0,
                every,
                new Limits(1_000_000, every),
                new Limits(1_000_000, every)));
    List<String> order = List.of("no limits", "key day budget", "all 14 meters");
    Metering metering = metering();
    ProxyRequest request = request();
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    System.out.println("gateway Java work per request (one thread, CPU time):");
    for (int round = 0; round < 2; round++) {
      for (String name : order) {
        Principal p = java.util.Objects.requireNonNull(cases.get(name));
        long sink = 0;
        long start = threads.getCurrentThreadCpuTime();
        for (int i = 0; i < requests; i++) {
          RequestLimits limits =
              metering.limits(p, request, Instant.now(), java.math.BigDecimal.ONE);
          sink += limits.meters().size();
          sink += limits.charges(4_046, 77_250_000_000L).size();
        }
        double us = (threads.getCurrentThreadCpuTime() - start) / 1_000.0 / requests;
        if (round == 1) {
          System.out.printf("  %-15s %6.2f µs  (%d)%n", name, us, sink % 7);
        }
      }
    }
    redis(cases, order, metering, request, Math.max(1_000, requests / 10));
  }

  private static void redis(
      Map<String, Principal> cases,
      List<String> order,
      Metering metering,
      ProxyRequest request,
      int requests) {
    RedisClient client = RedisClient.create("redis://127.0.0.1:6379");
    try {
      RedisConnection redis =
          new RedisConnection(
              client,
              new RedisNamespace("bench-meter-" + System.nanoTime(), Duration.ofSeconds(2)));
      RequestGate gate =
          new RedisRequestGate(
              redis,
              new CredentialCipher(new SecretKeySpec(new byte[32], "AES")),
              new RedisNamespace("bench-meter-" + System.nanoTime(), Duration.ofSeconds(2)));
      System.out.println("Redis per request (admit and release scripts, the user's slot taken):");
      for (int round = 0; round < 2; round++) {
        for (String name : order) {
          Principal p = java.util.Objects.requireNonNull(cases.get(name));
          double cpu0 = redisCpu(redis);
          long t0 = System.nanoTime();
          for (int i = 0; i < requests; i++) {
            RequestLimits limits =
                metering.limits(p, request, Instant.now(), java.math.BigDecimal.ONE);
            RequestGate.Admission a =
                gate.admit(
                    new RequestGate.Admit(
                        "r" + i,
                        io.subgate.concurrency.SlotPool.user(2),
                        1_000,
                        3,
                        null,
                        List.of(),
                        Duration.ofMinutes(5),
                        Duration.ofHours(1),
                        List.of(),
                        0,
                        limits.meters()));
            if (a.refusal() != null) {
              throw new IllegalStateException("refused: " + name);
            }
            gate.release(
                "r" + i,
                List.of(io.subgate.concurrency.SlotPool.user(2)),
                limits.charges(4_046, 77_250_000_000L));
          }
          double us = (System.nanoTime() - t0) / 1_000.0 / requests;
          double cpu = (redisCpu(redis) - cpu0) * 1_000_000 / requests;
          if (round == 1) {
            System.out.printf(
                "  %-15s Redis CPU %6.1f µs, admit + release %6.1f µs%n", name, cpu, us);
          }
        }
      }
    } finally {
      client.shutdown();
    }
  }

  /** Redis's own CPU seconds (user + system). */
  private static double redisCpu(RedisConnection redis) {
    String info = redis.call(c -> c.info("cpu"));
    double sum = 0;
    for (String line : info.split("\r?\n")) {
      if (line.startsWith("used_cpu_sys:") || line.startsWith("used_cpu_user:")) {
        sum += Double.parseDouble(line.substring(line.indexOf(':') + 1).trim());
      }
    }
    return sum;
  }

  private static Metering metering() {
    PriceOverrides none =
        new PriceOverrides() {
          @Override
          public List<ModelPrice> all() {
            return List.of();
          }

          @Override
          public void put(ModelPrice price) {}

          @Override
          public boolean remove(String model) {
            return false;
          }
        };
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    PriceBook book =
        new PriceBook(none, PriceBook.bundled(JSON), Clock.systemUTC(), Duration.ofSeconds(30));
    AuditLog audit =
        new AuditLog() {
          @Override
          public void record(
              String actor,
              String action,
              String target,
              @Nullable String before,
              @Nullable String after) {}

          @Override
          public List<Entry> recent(long beforeId, int limit) {
            return List.of();
          }

          @Override
          public int purgeBefore(Instant cutoff, int limit) {
            return 0;
          }
        };
    return new Metering(
        new RequestPricing(book, registry),
        new BudgetEvents(
            registry,
            audit,
            new AlertDispatcher(
                new NoAlertStore(),
                java.net.http.HttpClient.newHttpClient(),
                JSON,
                registry,
                Clock.systemUTC()),
            Clock.systemUTC()),
        "local");
  }

  private static ProxyRequest request() throws java.io.IOException {
    byte[] body =
        "{\"model\":\"claude-sonnet-4\",\"max_tokens\":64,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"
            .getBytes(StandardCharsets.UTF_8);
    JsonNode tree = JSON.readValue(body, JsonNode.class);
    return new ProxyRequest(
        Route.MESSAGES, Map.of(), "", body, tree, "claude-sonnet-4", false, ClientIdentity.OTHER);
  }
}
