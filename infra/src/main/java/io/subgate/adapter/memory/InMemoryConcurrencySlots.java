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
  private final Map<SlotPool, Integer> waiting = new HashMap<>();
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
  public synchronized boolean enterWait(SlotPool pool, int maxWaiting, Duration ttl) {
    int n = waiting.getOrDefault(pool, 0);
    if (n >= maxWaiting) {
      return false;
    }
    waiting.put(pool, n + 1);
    return true;
  }

  @Override
  public synchronized void leaveWait(SlotPool pool) {
    waiting.computeIfPresent(pool, (k, n) -> n > 1 ? n - 1 : null);
  }

  @Override
  public synchronized Map<SlotPool, Load> loads(List<SlotPool> pools, Duration ttl) {
    Map<SlotPool, Load> loads = new HashMap<>();
    for (SlotPool pool : pools) {
      loads.put(pool, new Load(pruned(pool, ttl).size(), waiting.getOrDefault(pool, 0)));
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
