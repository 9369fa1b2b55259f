package io.subgate.adapter.memory;

import io.micronaut.context.annotation.Requires;
import io.subgate.concurrency.ConcurrencySlots;
import io.subgate.concurrency.SlotPool;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Process-local {@link ConcurrencySlots} for local runs without Redis; time from the clock. */
@Singleton
@Requires(missingProperty = "redis.uri")
public final class InMemoryConcurrencySlots implements ConcurrencySlots {
  private final Map<SlotPool, Map<String, Instant>> held = new HashMap<>();
  private final Map<SlotPool, Map<String, Instant>> waiting = new HashMap<>();
  private final Clock clock;

  public InMemoryConcurrencySlots(Clock clock) {
    this.clock = clock;
  }

  @Override
  public synchronized boolean tryAcquire(SlotPool pool, String requestId, int max, Duration ttl) {
    Map<String, Instant> slots = pruned(pool, ttl);
    if (slots.containsKey(requestId) || slots.size() < max) {
      slots.put(requestId, clock.instant());
      return true;
    }
    return false;
  }

  @Override
  public synchronized void release(SlotPool pool, String requestId) {
    Map<String, Instant> slots = held.get(pool);
    if (slots != null) {
      slots.remove(requestId);
    }
  }

  @Override
  public synchronized int inUse(SlotPool pool, Duration ttl) {
    return pruned(pool, ttl).size();
  }

  @Override
  public synchronized boolean enterWait(
      SlotPool pool, String waiterId, int maxWaiting, Duration ttl) {
    Map<String, Instant> waiters = waiters(pool);
    if (waiters.size() >= maxWaiting) {
      return false;
    }
    waiters.put(waiterId, clock.instant().plus(ttl));
    return true;
  }

  @Override
  public synchronized void leaveWait(SlotPool pool, String waiterId) {
    Map<String, Instant> waiters = waiting.get(pool);
    if (waiters != null) {
      waiters.remove(waiterId);
    }
  }

  /** The pool's waiters whose lease has not run out (expired ones are dropped). */
  private Map<String, Instant> waiters(SlotPool pool) {
    Map<String, Instant> waiters = waiting.computeIfAbsent(pool, p -> new HashMap<>());
    Instant now = clock.instant();
    waiters.values().removeIf(until -> !until.isAfter(now));
    return waiters;
  }

  @Override
  public synchronized Map<SlotPool, Load> loads(List<SlotPool> pools, Duration ttl) {
    Map<SlotPool, Load> loads = new HashMap<>();
    for (SlotPool pool : pools) {
      loads.put(pool, new Load(pruned(pool, ttl).size(), waiters(pool).size()));
    }
    return loads;
  }

  private Map<String, Instant> pruned(SlotPool pool, Duration ttl) {
    Map<String, Instant> slots = held.computeIfAbsent(pool, k -> new HashMap<>());
    Instant oldest = clock.instant().minus(ttl);
    slots.values().removeIf(at -> !at.isAfter(oldest));
    return slots;
  }
}
