package io.subgate.refresh;

import io.subgate.account.Platform;
import io.subgate.support.Deadline;
import io.subgate.support.Sleeper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;

/** Spaces provider calls of one platform {@code 1/rate} seconds apart. Thread-safe. */
final class PlatformRateGate {
  private final Duration spacing;
  private final Clock clock;
  private final Sleeper sleeper;
  private final Map<Platform, Instant> nextSlot = new EnumMap<>(Platform.class);

  PlatformRateGate(double ratePerSecond, Clock clock, Sleeper sleeper) {
    this.spacing = Duration.ofNanos((long) (1_000_000_000L / Math.max(0.001, ratePerSecond)));
    this.clock = clock;
    this.sleeper = sleeper;
  }

  /** Waits for the platform's next slot; false when that slot lies beyond {@code deadline}. */
  boolean acquire(Platform platform, Deadline deadline) throws InterruptedException {
    Instant slot;
    synchronized (this) {
      Instant now = clock.instant();
      Instant next = nextSlot.getOrDefault(platform, now);
      slot = next.isBefore(now) ? now : next;
      if (slot.isAfter(deadline.at())) {
        return false;
      }
      nextSlot.put(platform, slot.plus(spacing));
    }
    Duration wait = Duration.between(clock.instant(), slot);
    if (!wait.isNegative() && !wait.isZero()) {
      sleeper.sleep(wait);
    }
    return true;
  }
}
