package io.subgate.tenancy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** What every {@link FailedAuthentications} does; subclasses give the adapter's "processes". */
public abstract class FailedAuthenticationsContract {
  private static final long WINDOW_SECONDS = 60;

  /** One process's view. */
  protected abstract FailedAuthentications first();

  /** Another process's view where the adapter is shared between processes, else the same. */
  protected abstract FailedAuthentications second();

  private static String address() {
    return "198.51.100." + UUID.randomUUID().toString().substring(0, 6);
  }

  @Test
  void countsAddUpPerScopeAddressAndWindow_andNeverMix() {
    String a = address();
    String b = address();
    assertEquals(1, first().record("key", a, 100, WINDOW_SECONDS));
    assertEquals(2, first().record("key", a, 100, WINDOW_SECONDS));
    assertEquals(1, first().record("admin", a, 100, WINDOW_SECONDS), "another scope");
    assertEquals(1, first().record("key", b, 100, WINDOW_SECONDS), "another address");
    assertEquals(1, first().record("key", a, 101, WINDOW_SECONDS), "the next window");
    assertEquals(3, second().record("key", a, 100, WINDOW_SECONDS), "one count for all processes");
  }

  @Test
  void concurrentFailures_areEachCountedOnce() throws Exception {
    String a = address();
    int threads = 8;
    int each = 25;
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    List<Future<Long>> last = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      FailedAuthentications side = t % 2 == 0 ? first() : second();
      last.add(
          pool.submit(
              () -> {
                start.await();
                long n = 0;
                for (int i = 0; i < each; i++) {
                  n = Math.max(n, side.record("key", a, 7, WINDOW_SECONDS));
                }
                return n;
              }));
    }
    start.countDown();
    long highest = 0;
    for (Future<Long> f : last) {
      highest = Math.max(highest, f.get(20, TimeUnit.SECONDS));
    }
    pool.shutdown();
    assertEquals((long) threads * each, highest, "no failure lost: the last one counted them all");
  }
}
