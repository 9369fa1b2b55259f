package io.subgate.adapter.redis;

import io.micronaut.context.annotation.Primary;
import io.micronaut.context.annotation.Requires;
import io.subgate.adapter.memory.InMemoryConcurrencySlots;
import io.subgate.concurrency.ConcurrencySlots;
import io.subgate.concurrency.SlotPool;
import io.subgate.token.BackendUnavailableException;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

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
    return either(s -> s.tryAcquire(pool, requestId, max, ttl));
  }

  @Override
  public void release(SlotPool pool, String requestId) {
    local.release(pool, requestId);
    if (health.tryRedis()) {
      try {
        redis.release(pool, requestId);
        health.answered();
      } catch (BackendUnavailableException e) {
        health.failed(e);
      }
    }
  }

  @Override
  public int inUse(SlotPool pool, Duration ttl) {
    return either(s -> s.inUse(pool, ttl));
  }

  @Override
  public boolean enterWait(SlotPool pool, int maxWaiting, Duration ttl) {
    return either(s -> s.enterWait(pool, maxWaiting, ttl));
  }

  @Override
  public void leaveWait(SlotPool pool) {
    local.leaveWait(pool);
    if (health.tryRedis()) {
      try {
        redis.leaveWait(pool);
        health.answered();
      } catch (BackendUnavailableException e) {
        health.failed(e);
      }
    }
  }

  @Override
  public Map<SlotPool, Load> loads(List<SlotPool> pools, Duration ttl) {
    return either(s -> s.loads(pools, ttl));
  }

  private <T> T either(Function<ConcurrencySlots, T> call) {
    if (health.tryRedis()) {
      try {
        T answer = call.apply(redis);
        health.answered();
        return answer;
      } catch (BackendUnavailableException e) {
        health.failed(e);
      }
    }
    return call.apply(local);
  }
}
