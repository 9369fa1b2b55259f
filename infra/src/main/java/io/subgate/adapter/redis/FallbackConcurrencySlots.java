package io.subgate.adapter.redis;

import io.micronaut.context.annotation.Primary;
import io.micronaut.context.annotation.Requires;
import io.subgate.adapter.memory.InMemoryConcurrencySlots;
import io.subgate.concurrency.ConcurrencySlots;
import io.subgate.concurrency.SlotPool;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Concurrency slots in Redis while it answers, in this process while it does not (see {@link
 * FallbackRequestGate}); a release is sent to both, so a slot taken on either side is given back.
 */
@Singleton
@Primary
@Requires(property = "redis.uri")
public final class FallbackConcurrencySlots implements ConcurrencySlots {
  private final RedisConcurrencySlots redis;
  private final InMemoryConcurrencySlots local;
  private final RedisHealth health;

  public FallbackConcurrencySlots(RedisConcurrencySlots redis, RedisHealth health, Clock clock) {
    this.redis = redis;
    this.local = new InMemoryConcurrencySlots(clock);
    this.health = health;
  }

  /** The process-local slots this falls back to (the request gate shares them). */
  InMemoryConcurrencySlots local() {
    return local;
  }

  @Override
  public boolean tryAcquire(SlotPool pool, String requestId, int max, Duration ttl) {
    return health.either(
        () -> redis.tryAcquire(pool, requestId, max, ttl),
        () -> local.tryAcquire(pool, requestId, max, ttl));
  }

  @Override
  public void release(SlotPool pool, String requestId) {
    health.both(() -> redis.release(pool, requestId), () -> local.release(pool, requestId));
  }

  @Override
  public int inUse(SlotPool pool, Duration ttl) {
    return health.either(() -> redis.inUse(pool, ttl), () -> local.inUse(pool, ttl));
  }

  @Override
  public boolean enterWait(SlotPool pool, String waiterId, int maxWaiting, Duration ttl) {
    return health.either(
        () -> redis.enterWait(pool, waiterId, maxWaiting, ttl),
        () -> local.enterWait(pool, waiterId, maxWaiting, ttl));
  }

  @Override
  public void leaveWait(SlotPool pool, String waiterId) {
    health.both(() -> redis.leaveWait(pool, waiterId), () -> local.leaveWait(pool, waiterId));
  }

  @Override
  public Map<SlotPool, Load> loads(List<SlotPool> pools, Duration ttl) {
    return health.either(() -> redis.loads(pools, ttl), () -> local.loads(pools, ttl));
  }
}
