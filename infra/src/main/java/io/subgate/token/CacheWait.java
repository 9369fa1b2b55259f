package io.subgate.token;

import io.subgate.support.Backoff;
import io.subgate.support.Deadline;
import io.subgate.support.RandomSource;
import io.subgate.support.Sleeper;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Optional;

/**
 * While another process refreshes, polls the cache: 20 ms doubling to 120 ms, ±20 % jitter, 5 tries
 * (seed 000), never past the caller's deadline. Counts hits, misses and time waited.
 */
@Singleton
public final class CacheWait {
  static final Backoff BACKOFF = new Backoff(Duration.ofMillis(20), 2, Duration.ofMillis(120), 0.2);
  static final int TRIES = 5;

  private final TokenCache cache;
  private final Sleeper sleeper;
  private final RandomSource random;
  private final TokenMetrics metrics;

  public CacheWait(TokenCache cache, Sleeper sleeper, RandomSource random, TokenMetrics metrics) {
    this.cache = cache;
    this.sleeper = sleeper;
    this.random = random;
    this.metrics = metrics;
  }

  /** The token another process is writing, or empty after the tries or at the deadline. */
  public Optional<CachedToken> await(String key, long minVersion, Deadline deadline)
      throws InterruptedException {
    long waited = 0;
    try {
      for (int i = 1; i <= TRIES; i++) {
        long pause = Math.min(BACKOFF.delay(i, random).toMillis(), deadline.remaining().toMillis());
        if (pause <= 0) {
          break;
        }
        sleeper.sleep(Duration.ofMillis(pause));
        waited += pause;
        Optional<CachedToken> token = cache.get(key);
        if (token.isPresent() && token.get().credentialsVersion() > minVersion) {
          metrics.waitHit.increment();
          return token;
        }
      }
      metrics.waitMiss.increment();
      return Optional.empty();
    } finally {
      metrics.wait.record(waited, java.util.concurrent.TimeUnit.MILLISECONDS);
    }
  }
}
