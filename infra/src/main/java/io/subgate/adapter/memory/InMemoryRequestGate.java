package io.subgate.adapter.memory;

import io.micronaut.context.annotation.Requires;
import io.subgate.routing.ComposedRequestGate;
import jakarta.inject.Singleton;
import java.time.Clock;

/** The request gate of local runs without Redis, over the in-process adapters. */
@Singleton
@Requires(missingProperty = "redis.uri")
public final class InMemoryRequestGate extends ComposedRequestGate {

  public InMemoryRequestGate(
      InMemoryConcurrencySlots slots,
      InMemoryStickySessions sticky,
      InMemoryTokenCache tokens,
      Clock clock) {
    super(slots, sticky, tokens, clock);
  }
}
