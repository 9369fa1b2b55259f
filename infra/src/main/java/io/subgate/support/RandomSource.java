package io.subgate.support;

import java.util.concurrent.ThreadLocalRandom;

/** Randomness for jitter and tie-breaking; injectable so tests are deterministic. */
@FunctionalInterface
public interface RandomSource {

  /** A uniformly distributed value in [0, 1). */
  double nextDouble();

  RandomSource SYSTEM = () -> ThreadLocalRandom.current().nextDouble();

  /** {@code base} scaled by a random factor in [1 - ratio, 1 + ratio]. */
  default long jitter(long base, double ratio) {
    double factor = 1 - ratio + nextDouble() * 2 * ratio;
    return Math.round(base * factor);
  }
}
