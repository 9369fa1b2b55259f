package io.subgate.testing.process;

import io.micronaut.context.ApplicationContext;
import io.subgate.account.Account;
import io.subgate.account.AccountRepository;
import io.subgate.token.TokenLifecycle;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * A separate JVM playing one gateway process: builds an infra context from {@code key=value}
 * arguments, prints {@code READY}, waits for {@code GO [epochMillis]} on stdin (and then for that
 * instant), then has {@code worker.threads} threads (behind one latch) ask the token lifecycle for
 * the account's token at once, and prints {@code RESULT ok=<n> failed=<n> tokens=<distinct tokens>
 * p50us=<..> p99us=<..>}.
 */
public final class LifecycleWorker {
  private LifecycleWorker() {}

  public static void main(String[] args) throws Exception {
    Map<String, Object> props = new HashMap<>();
    for (String arg : args) {
      int eq = arg.indexOf('=');
      props.put(arg.substring(0, eq), arg.substring(eq + 1));
    }
    long accountId = Long.parseLong(String.valueOf(props.get("worker.account")));
    int threads = Integer.parseInt(String.valueOf(props.getOrDefault("worker.threads", "200")));
    try (ApplicationContext context = ApplicationContext.run(props, "test")) {
      TokenLifecycle lifecycle = context.getBean(TokenLifecycle.class);
      Account snapshot = context.getBean(AccountRepository.class).findById(accountId).orElseThrow();
      Object warmup = props.get("worker.warmup-account");
      if (warmup != null) {
        warmUp(context, lifecycle, Long.parseLong(String.valueOf(warmup)), threads);
      }
      System.out.println("READY");
      System.out.flush();
      BufferedReader in =
          new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
      String go = String.valueOf(in.readLine());
      if (!go.startsWith("GO")) {
        System.exit(2);
      }
      long startAt = go.length() > 3 ? Long.parseLong(go.substring(3).trim()) : 0;
      CountDownLatch ready = new CountDownLatch(threads);
      CountDownLatch start = new CountDownLatch(1);
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      List<Future<String>> results = new ArrayList<>();
      long[] micros = new long[threads];
      long[] sinceRelease = new long[threads];
      long[] release = {0};
      for (int i = 0; i < threads; i++) {
        int slot = i;
        results.add(
            pool.submit(
                () -> {
                  ready.countDown();
                  start.await(30, TimeUnit.SECONDS);
                  long t0 = System.nanoTime();
                  try {
                    return lifecycle.accessToken(snapshot).accessToken();
                  } finally {
                    long end = System.nanoTime();
                    micros[slot] = (end - t0) / 1_000;
                    sinceRelease[slot] = (end - release[0]) / 1_000;
                  }
                }));
      }
      // Every caller must be parked on the latch before it opens, or late threads would only
      // measure cache hits after the refresh finished.
      if (!ready.await(30, TimeUnit.SECONDS)) {
        throw new IllegalStateException("callers did not start");
      }
      // All processes open their latch at the same wall-clock instant.
      long wait = startAt - System.currentTimeMillis();
      if (wait > 0) {
        Thread.sleep(wait);
      }
      release[0] = System.nanoTime();
      start.countDown();
      int ok = 0;
      int failed = 0;
      String firstFailure = "none";
      TreeSet<String> tokens = new TreeSet<>();
      for (Future<String> r : results) {
        try {
          tokens.add(r.get(60, TimeUnit.SECONDS));
          ok++;
        } catch (Exception e) {
          if (failed++ == 0) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            firstFailure =
                (cause.getClass().getSimpleName() + ":" + cause.getMessage()).replace(' ', '_');
          }
        }
      }
      pool.shutdownNow();
      Arrays.sort(micros);
      System.out.println(
          "RESULT ok="
              + ok
              + " failed="
              + failed
              + " tokens="
              + String.join(",", tokens)
              + " p50us="
              + micros[threads / 2]
              + " p99us="
              + micros[Math.min(threads - 1, (int) Math.ceil(threads * 0.99) - 1)]
              + " first="
              + firstFailure);
      if ("true".equals(props.get("worker.print-latencies"))) {
        StringBuilder all = new StringBuilder("LATENCIES ");
        for (int i = 0; i < micros.length; i++) {
          all.append(i == 0 ? "" : ",").append(micros[i]);
        }
        all.append(" SINCE_RELEASE ");
        for (int i = 0; i < sinceRelease.length; i++) {
          all.append(i == 0 ? "" : ",").append(sinceRelease[i]);
        }
        System.out.println(all);
      }
      System.out.flush();
    }
    System.exit(0);
  }

  /** Exercises the same code paths on a fresh account so the measured round sees a warm JVM. */
  private static void warmUp(
      ApplicationContext context, TokenLifecycle lifecycle, long accountId, int threads)
      throws Exception {
    Account warm = context.getBean(AccountRepository.class).findById(accountId).orElseThrow();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    List<Future<?>> done = new ArrayList<>();
    for (int i = 0; i < threads * 5; i++) {
      done.add(pool.submit(() -> lifecycle.accessToken(warm)));
    }
    for (Future<?> f : done) {
      f.get(60, TimeUnit.SECONDS);
    }
    pool.shutdownNow();
  }
}
