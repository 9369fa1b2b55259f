package io.subgate.gateway.proxy;

import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Models this process recently saw stay out of capacity through a whole wait (sub2api's per-model
 * dedupe): for {@link #WINDOW} after that, another request for the model is answered at once
 * instead of waiting a minute to learn the same.
 */
@Singleton
final class CapacityMemo {
  static final Duration WINDOW = Duration.ofSeconds(10);

  private final Map<String, Instant> outUntil = new ConcurrentHashMap<>();
  private final Clock clock;

  CapacityMemo(Clock clock) {
    this.clock = clock;
  }

  /** The model ({@code platform:model}) stayed out of capacity through every try. */
  void gaveUp(String pool) {
    Instant now = clock.instant();
    outUntil.put(pool, now.plus(WINDOW));
    outUntil.values().removeIf(now::isAfter);
  }

  /** Whether a wait for the model's capacity is known not to help right now. */
  boolean recentlyOut(String pool) {
    Instant until = outUntil.get(pool);
    return until != null && clock.instant().isBefore(until);
  }
}
