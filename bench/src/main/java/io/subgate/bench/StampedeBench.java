package io.subgate.bench;

import io.subgate.account.AccountRepository;
import io.subgate.account.AccountType;
import io.subgate.account.NewAccount;
import io.subgate.account.OAuthCredentials;
import io.subgate.account.Platform;
import io.subgate.testing.StubTokenServer;
import io.subgate.testing.TestDatabase;
import io.subgate.testing.TestServices;
import io.subgate.testing.process.WorkerProcess;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Refresh stampede across processes: per round, one expired account and {@code processes} JVMs with
 * {@code threads} callers each (all warmed up first). Prints provider calls per expiry and the
 * waiters' latency percentiles. Loopback only; bounded rounds.
 *
 * <p>Per caller it measures the call itself (from the moment its thread runs); with hundreds of
 * threads on two cores many threads only run after the refresh finished, so it also reports when
 * each caller was served counted from the stampede's release.
 *
 * <p>Arguments: {@code rounds processes threads providerDelayMs lock} (defaults 3 4 200 100 redis).
 */
public final class StampedeBench {
  private StampedeBench() {}

  public static void main(String[] args) throws Exception {
    int rounds = arg(args, 0, 3);
    int processes = arg(args, 1, 4);
    int threads = arg(args, 2, 200);
    int delayMs = arg(args, 3, 100);
    String lock = args.length > 4 ? args[4] : "redis";
    System.out.printf(
        "stampede: rounds=%d processes=%d threads=%d providerDelayMs=%d lock=%s%n",
        rounds, processes, threads, delayMs, lock);
    try (StubTokenServer stub = StubTokenServer.start();
        TestDatabase db = TestDatabase.postgres()) {
      stub.delay(delayMs);
      String namespace = TestServices.freshRedisNamespace();
      List<Long> all = new ArrayList<>();
      for (int round = 1; round <= rounds; round++) {
        long account = expired(db, stub, "rt-bench-" + round);
        List<Long> warmups = new ArrayList<>();
        for (int i = 0; i < processes; i++) {
          warmups.add(expired(db, stub, "rt-warm-" + round + "-" + i));
        }
        long[] latencies = round(db, stub, namespace, lock, account, warmups, processes, threads);
        int calls = stub.callsFor("rt-bench-" + round);
        Percentiles p = new Percentiles(latencies);
        System.out.printf(
            "round %d: provider calls per expiry=%d callers=%d p50=%.1fms p99=%.1fms max=%.1fms%n",
            round, calls, p.count(), p.at(50) / 1000.0, p.at(99) / 1000.0, p.at(100) / 1000.0);
        Arrays.stream(latencies).forEach(all::add);
      }
      Percentiles total = new Percentiles(all.stream().mapToLong(Long::longValue).toArray());
      System.out.printf(
          "all rounds: callers=%d p50=%.1fms p99=%.1fms%n",
          total.count(), total.at(50) / 1000.0, total.at(99) / 1000.0);
    }
  }

  private static long[] round(
      TestDatabase db,
      StubTokenServer stub,
      String namespace,
      String lock,
      long account,
      List<Long> warmups,
      int processes,
      int threads)
      throws Exception {
    List<WorkerProcess> workers = new ArrayList<>();
    try {
      for (int i = 0; i < processes; i++) {
        Map<String, String> p = new HashMap<>();
        TestServices.databaseProperties(db.url()).forEach((k, v) -> p.put(k, String.valueOf(v)));
        p.put("subgate.platforms.anthropic.token-url", stub.tokenUrl());
        p.put("redis.uri", TestServices.REDIS_URI);
        p.put("subgate.redis.namespace", namespace);
        p.put("subgate.lock.order", lock);
        p.put("worker.account", Long.toString(account));
        p.put("worker.warmup-account", Long.toString(warmups.get(i)));
        p.put("worker.threads", Integer.toString(threads));
        p.put("worker.print-latencies", "true");
        workers.add(WorkerProcess.start(p));
      }
      for (WorkerProcess w : workers) {
        w.await("READY", 120);
      }
      long startAt = System.currentTimeMillis() + 500;
      for (WorkerProcess w : workers) {
        w.go(startAt);
      }
      List<Long> latencies = new ArrayList<>();
      List<Long> completions = new ArrayList<>();
      for (WorkerProcess w : workers) {
        WorkerProcess.Result r = w.result(120);
        if (r.failed() > 0 || r.tokens().size() != 1) {
          System.out.printf(
              "  worker: ok=%d failed=%d tokens=%s first failure=%s%n",
              r.ok(), r.failed(), r.tokens(), r.firstFailure());
        }
        String[] parts = w.await("LATENCIES", 120).split(" ");
        for (String v : parts[1].split(",")) {
          latencies.add(Long.parseLong(v));
        }
        for (String v : parts[3].split(",")) {
          completions.add(Long.parseLong(v));
        }
      }
      Percentiles done = new Percentiles(completions.stream().mapToLong(Long::longValue).toArray());
      System.out.printf(
          "  served since the stampede was released: p50=%.1fms p99=%.1fms last=%.1fms%n",
          done.at(50) / 1000.0, done.at(99) / 1000.0, done.at(100) / 1000.0);
      return latencies.stream().mapToLong(Long::longValue).toArray();
    } finally {
      workers.forEach(WorkerProcess::close);
    }
  }

  private static long expired(TestDatabase db, StubTokenServer stub, String refreshToken) {
    stub.allow(refreshToken);
    return create(db, refreshToken, Instant.now().minusSeconds(60));
  }

  private static long create(TestDatabase db, String refreshToken, Instant expiresAt) {
    return db.bean(AccountRepository.class)
        .create(
            new NewAccount(
                "bench-" + UUID.randomUUID(),
                Platform.ANTHROPIC,
                AccountType.OAUTH,
                1,
                1,
                new OAuthCredentials("at-old", refreshToken, expiresAt, null, null, null)))
        .id();
  }

  private static int arg(String[] args, int index, int fallback) {
    return args.length > index ? Integer.parseInt(args[index]) : fallback;
  }
}
