package io.subgate.support;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/** A point in wall-clock time after which work must stop. */
public record Deadline(Instant at, Clock clock) {

  public static Deadline after(Duration budget, Clock clock) {
    return new Deadline(clock.instant().plus(budget), clock);
  }

  public Duration remaining() {
    Duration left = Duration.between(clock.instant(), at);
    return left.isNegative() ? Duration.ZERO : left;
  }

  public boolean passed() {
    return !clock.instant().isBefore(at);
  }

  /** The earlier of this deadline and {@code budget} from now. */
  public Deadline capped(Duration budget) {
    Instant other = clock.instant().plus(budget);
    return other.isBefore(at) ? new Deadline(other, clock) : this;
  }
}
