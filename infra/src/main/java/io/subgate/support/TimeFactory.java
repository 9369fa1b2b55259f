package io.subgate.support;

import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;
import java.time.Clock;

/** The wall clock; tests replace it with a fixed or mutable one. */
@Factory
public class TimeFactory {

  @Singleton
  Clock clock() {
    return Clock.systemUTC();
  }
}
