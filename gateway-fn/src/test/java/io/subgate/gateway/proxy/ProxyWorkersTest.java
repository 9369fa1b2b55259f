package io.subgate.gateway.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The request threads: an idle one serves the next request; the bound still refuses at once. */
class ProxyWorkersTest {

  @Test
  void requestsOneAfterAnother_reuseIdleThreads() throws Exception {
    ProxyWorkers workers = new ProxyWorkers(512);
    try {
      for (int i = 0; i < 200; i++) {
        workers.executor().submit(() -> {}).get(5, TimeUnit.SECONDS);
      }
      // One thread would do; a finished task's thread can be a moment from waiting again when
      // the next arrives, so a few may be made. A thread per task would be 200.
      assertTrue(workers.threads() <= 8, "threads for 200 sequential tasks: " + workers.threads());
    } finally {
      workers.close();
    }
  }

  @Test
  void beyondTheBound_refusedAtOnce() throws Exception {
    ProxyWorkers workers = new ProxyWorkers(2);
    CountDownLatch started = new CountDownLatch(2);
    CountDownLatch release = new CountDownLatch(1);
    try {
      for (int i = 0; i < 2; i++) {
        workers
            .executor()
            .execute(
                () -> {
                  started.countDown();
                  awaitQuietly(release);
                });
      }
      assertTrue(started.await(5, TimeUnit.SECONDS));
      assertThrows(RejectedExecutionException.class, () -> workers.executor().execute(() -> {}));
      assertEquals(2, workers.threads());
    } finally {
      release.countDown();
      workers.close();
    }
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
