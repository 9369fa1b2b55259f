package io.subgate.support;

import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;
import java.time.Clock;

/** Time, waiting and randomness; tests replace these beans. */
@Factory
public class TimeFactory {

  @Singleton
  Clock clock() {
    return Clock.systemUTC();
  }

  @Singleton
  Sleeper sleeper() {
    return Sleeper.SYSTEM;
  }

  @Singleton
  RandomSource randomSource() {
    return RandomSource.SYSTEM;
  }
}
