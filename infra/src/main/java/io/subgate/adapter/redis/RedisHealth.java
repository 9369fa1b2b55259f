package io.subgate.adapter.redis;

import io.micronaut.context.annotation.Requires;
import io.subgate.token.BackendUnavailableException;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the request path uses Redis right now. After a failed call the fallback adapters serve
 * from this process alone; every {@link #PROBE} one call tries Redis again, and the first that
 * succeeds brings the whole process back. One WARN per change of state, never one per request.
 */
@Singleton
@Requires(property = "redis.uri")
public final class RedisHealth {
  /** How often a process serving without Redis tries it again. */
  public static final Duration PROBE = Duration.ofMillis(250);

  private static final Logger LOG = LoggerFactory.getLogger(RedisHealth.class);

  private final Clock clock;
  private final AtomicBoolean down = new AtomicBoolean();
  private final AtomicReference<Instant> nextProbe = new AtomicReference<>(Instant.MIN);

  public RedisHealth(Clock clock) {
    this.clock = clock;
  }

  /** Whether this call should try Redis: it is up, or a probe is due (one caller gets it). */
  public boolean tryRedis() {
    if (!down.get()) {
      return true;
    }
    Instant now = clock.instant();
    Instant due = nextProbe.get();
    return !now.isBefore(due) && nextProbe.compareAndSet(due, now.plus(PROBE));
  }

  /** A Redis call failed: serve from this process until a probe succeeds. */
  public void failed(RuntimeException cause) {
    nextProbe.set(clock.instant().plus(PROBE));
    if (down.compareAndSet(false, true)) {
      LOG.warn(
          "redis.down serving_from=process slots=approximate error={}",
          cause.getClass().getSimpleName());
    }
  }

  /** A Redis call succeeded. */
  public void answered() {
    if (down.get() && down.compareAndSet(true, false)) {
      LOG.warn("redis.up serving_from=redis");
    }
  }

  public boolean down() {
    return down.get();
  }

  /** {@code redis}'s answer while Redis answers (or a probe is due), else {@code local}'s. */
  <T> T either(Supplier<T> redis, Supplier<T> local) {
    if (tryRedis()) {
      try {
        T answer = redis.get();
        answered();
        return answer;
      } catch (BackendUnavailableException e) {
        failed(e);
      }
    }
    return local.get();
  }

  /**
   * A release sent to both sides: {@code local} always (cheap, and a no-op when nothing was taken
   * there), {@code redis} when it may answer.
   */
  void both(Runnable redis, Runnable local) {
    local.run();
    if (tryRedis()) {
      try {
        redis.run();
        answered();
      } catch (BackendUnavailableException e) {
        failed(e);
      }
    }
  }
}
