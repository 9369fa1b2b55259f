package io.subgate.adapter.redis;

import io.micronaut.context.annotation.Primary;
import io.micronaut.context.annotation.Requires;
import io.subgate.adapter.memory.InMemoryStickySessions;
import io.subgate.concurrency.SlotPool;
import io.subgate.routing.ComposedRequestGate;
import io.subgate.routing.RequestGate;
import io.subgate.token.BackendUnavailableException;
import io.subgate.token.TokenCache;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.List;
import java.util.function.Function;

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
    return either(g -> g.admit(request));
  }

  @Override
  public Claim claim(ClaimRequest request) {
    return either(g -> g.claim(request));
  }

  @Override
  public void release(String requestId, List<SlotPool> pools) {
    local.release(requestId, pools);
    if (health.tryRedis()) {
      try {
        redis.release(requestId, pools);
        health.answered();
      } catch (BackendUnavailableException e) {
        health.failed(e);
      }
    }
  }

  private <T> T either(Function<RequestGate, T> call) {
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
