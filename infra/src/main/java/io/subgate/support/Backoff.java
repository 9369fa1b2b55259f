package io.subgate.support;

import java.time.Duration;

/**
 * Capped exponential backoff with jitter: the delay before retry {@code n} (1-based) is {@code
 * initial·factor^(n-1)}, capped at {@code max}, then scaled by a random factor in [1 − jitter, 1 +
 * jitter].
 */
public record Backoff(Duration initial, double factor, Duration max, double jitter) {

  public Duration delay(int attempt, RandomSource random) {
    double base = initial.toMillis() * Math.pow(factor, Math.max(0, attempt - 1));
    long capped = (long) Math.min(base, (double) max.toMillis());
    return Duration.ofMillis(random.jitter(capped, jitter));
  }
}
