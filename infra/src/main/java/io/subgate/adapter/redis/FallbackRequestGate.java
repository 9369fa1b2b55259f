package io.subgate.adapter.redis;

import io.micronaut.context.annotation.Primary;
import io.micronaut.context.annotation.Requires;
import io.subgate.adapter.memory.InMemoryStickySessions;
import io.subgate.concurrency.SlotPool;
import io.subgate.routing.ComposedRequestGate;
import io.subgate.routing.RequestGate;
import io.subgate.token.TokenCache;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The request gate as the request path sees it when Redis is configured: Redis while it answers;
 * while it does not, this process's own slots and sticky bindings (limits then hold per process
 * only — approximate, documented), so a Redis outage costs accuracy, not availability. Slots taken
 * locally are released locally; a release is sent to both.
 */
@Singleton
@Primary
@Requires(property = "redis.uri")
public final class FallbackRequestGate implements RequestGate {
  private final RedisRequestGate redis;
  private final ComposedRequestGate local;
  private final RedisHealth health;

  public FallbackRequestGate(
      RedisRequestGate redis,
      FallbackConcurrencySlots slots,
      TokenCache tokens,
      RedisHealth health,
      Clock clock) {
    this.redis = redis;
    this.local = new ComposedRequestGate(slots.local(), new InMemoryStickySessions(clock), tokens);
    this.health = health;
  }

  @Override
  public Admission admit(Admit request) {
    return health.either(() -> redis.admit(request), () -> local.admit(request));
  }

  @Override
  public Claim claim(ClaimRequest request) {
    return health.either(() -> redis.claim(request), () -> local.claim(request));
  }

  @Override
  public void release(String requestId, List<SlotPool> pools, @Nullable KeyCharge charge) {
    health.both(
        () -> redis.release(requestId, pools, charge),
        () -> local.release(requestId, pools, charge));
  }
}
