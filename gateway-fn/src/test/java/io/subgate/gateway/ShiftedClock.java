package io.subgate.gateway;

import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.context.annotation.Requires;
import io.subgate.support.TimeFactory;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The time of every gateway context of a test that sets {@code subgate.test.shifted-clock}: the
 * system's, moved by {@link #SHIFT} — one value for all of them, so two gateway processes in one
 * JVM cross midnight together.
 */
@Factory
@Requires(property = "subgate.test.shifted-clock", value = "true")
public class ShiftedClock {
  public static final AtomicReference<Duration> SHIFT = new AtomicReference<>(Duration.ZERO);

  @Singleton
  @Replaces(factory = TimeFactory.class, bean = Clock.class)
  Clock clock() {
    return new Clock() {
      @Override
      public ZoneId getZone() {
        return ZoneOffset.UTC;
      }

      @Override
      public Clock withZone(ZoneId zone) {
        return this;
      }

      @Override
      public Instant instant() {
        return Instant.now().plus(SHIFT.get());
      }
    };
  }
}
