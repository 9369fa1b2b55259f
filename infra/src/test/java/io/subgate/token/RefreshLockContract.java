package io.subgate.token;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** What every {@link RefreshLock} must do; run against the in-process, Redis and DynamoDB locks. */
public abstract class RefreshLockContract {
  protected static final Duration LEASE = Duration.ofSeconds(30);

  protected abstract RefreshLock lock();

  /** Lets a lease of {@code lease} granted on {@code key} expire (clock move or real wait). */
  protected abstract void letExpire(String key, Duration lease);

  /** A lease short enough for {@link #letExpire} to pass it quickly. */
  protected Duration shortLease() {
    return LEASE;
  }

  private static String key() {
    return "anthropic:account:" + UUID.randomUUID();
  }

  @Test
  void secondCaller_isRefusedWhileTheLeaseIsHeld() {
    String k = key();
    Optional<Lease> first = lock().tryAcquire(k, LEASE);
    assertTrue(first.isPresent());
    assertTrue(lock().tryAcquire(k, LEASE).isEmpty());
    assertTrue(lock().release(first.get()));
    assertTrue(lock().tryAcquire(k, LEASE).isPresent());
  }

  @Test
  void onlyTheOwnerReleases() {
    String k = key();
    Lease mine = lock().tryAcquire(k, LEASE).orElseThrow();
    Lease forged = new Lease(k, "someone-else", mine.backend());
    assertFalse(lock().release(forged));
    assertTrue(lock().tryAcquire(k, LEASE).isEmpty(), "a foreign release must not free the lock");
    assertTrue(lock().release(mine));
    assertFalse(lock().release(mine), "a second release is a no-op");
  }

  @Test
  void expiredLease_isTakenOver_andTheOldOwnerCannotReleaseTheNewOne() {
    String k = key();
    Duration lease = shortLease();
    Lease old = lock().tryAcquire(k, lease).orElseThrow();
    letExpire(k, lease);
    Lease successor = lock().tryAcquire(k, LEASE).orElseThrow();
    assertFalse(lock().release(old));
    assertTrue(lock().tryAcquire(k, LEASE).isEmpty());
    assertTrue(lock().release(successor));
  }

  @Test
  void mutualExclusion_fiftyThreadsTimesTenIncrements() throws Exception {
    String k = key();
    int threads = 50;
    int increments = 10;
    int[] counter = {0};
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        done.add(
            pool.submit(
                () -> {
                  start.await(5, TimeUnit.SECONDS);
                  long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                  for (int i = 0; i < increments; i++) {
                    Optional<Lease> lease = Optional.empty();
                    while (lease.isEmpty()) {
                      if (System.nanoTime() > giveUp) {
                        throw new AssertionError("could not take the lock within 60 s");
                      }
                      lease = lock().tryAcquire(k, LEASE);
                      if (lease.isEmpty()) {
                        java.util.concurrent.locks.LockSupport.parkNanos(3_000_000);
                      }
                    }
                    int read = counter[0];
                    Thread.yield();
                    counter[0] = read + 1;
                    lock().release(lease.get());
                  }
                  return null;
                }));
      }
      start.countDown();
      for (Future<?> f : done) {
        f.get(90, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    assertEquals(threads * increments, counter[0], "no lost update under the lock");
  }
}
