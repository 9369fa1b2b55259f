package io.subgate.concurrency;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.subgate.concurrency.ConcurrencySlots.Load;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** What every {@link ConcurrencySlots} must do; run against the in-process and Redis adapters. */
public abstract class ConcurrencySlotsContract {
  protected static final Duration TTL = Duration.ofMinutes(5);

  protected abstract ConcurrencySlots slots();

  /** Lets slots acquired with {@code ttl} in {@code pool} expire. */
  protected abstract void letExpire(SlotPool pool, Duration ttl);

  /** Lets waiter places taken with {@code ttl} in {@code pool} expire. */
  protected void letWaitersExpire(SlotPool pool, Duration ttl) {
    letExpire(pool, ttl);
  }

  protected Duration shortTtl() {
    return TTL;
  }

  protected static SlotPool pool() {
    return SlotPool.account(ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE));
  }

  @Test
  void acquiresUpToMax_idempotentPerRequest_releaseFreesASlot() {
    SlotPool p = pool();
    assertTrue(slots().tryAcquire(p, "r1", 2, TTL));
    assertTrue(slots().tryAcquire(p, "r1", 2, TTL), "re-acquire by the holder");
    assertTrue(slots().tryAcquire(p, "r2", 2, TTL));
    assertFalse(slots().tryAcquire(p, "r3", 2, TTL));
    assertEquals(2, slots().inUse(p, TTL));
    slots().release(p, "r1");
    slots().release(p, "r1");
    assertEquals(1, slots().inUse(p, TTL));
    assertTrue(slots().tryAcquire(p, "r3", 2, TTL));
  }

  @Test
  void unreleasedSlots_expire() {
    SlotPool p = pool();
    Duration ttl = shortTtl();
    assertTrue(slots().tryAcquire(p, "leaked", 1, ttl));
    assertFalse(slots().tryAcquire(p, "next", 1, ttl));
    letExpire(p, ttl);
    assertTrue(slots().tryAcquire(p, "next", 1, ttl));
  }

  @Test
  void waitQueue_isBounded_andNeverNegative() {
    SlotPool p = pool();
    assertTrue(slots().enterWait(p, "w1", 2, TTL));
    assertTrue(slots().enterWait(p, "w2", 2, TTL));
    assertFalse(slots().enterWait(p, "w3", 2, TTL));
    slots().leaveWait(p, "w1");
    slots().leaveWait(p, "w2");
    slots().leaveWait(p, "w2");
    slots().leaveWait(p, "never-entered");
    assertTrue(slots().enterWait(p, "w4", 1, TTL));
    assertFalse(slots().enterWait(p, "w5", 1, TTL));
    slots().leaveWait(p, "w4");
  }

  @Test
  void loads_reportSlotsAndWaitersOfEveryPool() {
    SlotPool a = pool();
    SlotPool b = pool();
    slots().tryAcquire(a, "r1", 5, TTL);
    slots().tryAcquire(a, "r2", 5, TTL);
    slots().enterWait(b, "w6", 5, TTL);
    Map<SlotPool, Load> loads = slots().loads(List.of(a, b), TTL);
    assertEquals(new Load(2, 0), loads.get(a));
    assertEquals(new Load(0, 1), loads.get(b));
    slots().leaveWait(b, "w6");
  }

  @Test
  void aWaiterThatNeverLeaves_stopsCountingAfterItsLease() {
    SlotPool p = pool();
    Duration ttl = shortTtl();
    assertTrue(slots().enterWait(p, "killed-waiter", 1, ttl));
    assertFalse(slots().enterWait(p, "next", 1, ttl), "the queue is full");
    letWaitersExpire(p, ttl);
    assertEquals(new Load(0, 0), slots().loads(List.of(p), ttl).get(p));
    assertTrue(slots().enterWait(p, "next", 1, ttl), "the dead waiter's place is free");
    slots().leaveWait(p, "next");
  }

  @Test
  void twentyThreadsOnTwoSlots_neverMoreThanTwoHeld_andNoneLeftAfter() throws Exception {
    SlotPool p = pool();
    int threads = 20;
    AtomicInteger holding = new AtomicInteger();
    AtomicInteger maxSeen = new AtomicInteger();
    AtomicInteger served = new AtomicInteger();
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        String id = "req-" + t;
        done.add(
            pool.submit(
                () -> {
                  start.await(5, TimeUnit.SECONDS);
                  long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                  while (!slots().tryAcquire(p, id, 2, TTL)) {
                    if (System.nanoTime() > giveUp) {
                      throw new AssertionError("no slot within 30 s");
                    }
                    java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
                  }
                  int now = holding.incrementAndGet();
                  maxSeen.accumulateAndGet(now, Math::max);
                  java.util.concurrent.locks.LockSupport.parkNanos(2_000_000);
                  holding.decrementAndGet();
                  slots().release(p, id);
                  served.incrementAndGet();
                  return null;
                }));
      }
      start.countDown();
      for (Future<?> f : done) {
        f.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    assertEquals(threads, served.get());
    assertTrue(maxSeen.get() <= 2, "at most 2 held at once, saw " + maxSeen.get());
    assertEquals(0, slots().inUse(p, TTL), "no slot left held");
  }
}
