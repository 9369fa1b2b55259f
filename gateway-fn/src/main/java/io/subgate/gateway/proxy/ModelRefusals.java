package io.subgate.gateway.proxy;

import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The refusals this process recently got from every account of a group for one model: while those
 * accounts skip the model, another request for it gets the same answer (the provider's "model not
 * found"), not a "rate limited" that would send the client retrying. Bounded: a client inventing
 * model names fills at most {@link #MAX} entries, and the oldest make room.
 */
@Singleton
final class ModelRefusals {
  static final int MAX = 4096;

  private record Refusal(GatewayException answer, Instant until) {}

  private final Map<String, Refusal> refusals = new ConcurrentHashMap<>();
  private final Clock clock;

  ModelRefusals(Clock clock) {
    this.clock = clock;
  }

  /** Every account of {@code groupId} tried refused {@code model} with {@code answer}. */
  void refused(long groupId, String model, GatewayException answer, Duration during) {
    Instant now = clock.instant();
    if (refusals.size() >= MAX) {
      refusals.values().removeIf(r -> !now.isBefore(r.until()));
      if (refusals.size() >= MAX) {
        refusals.clear();
      }
    }
    refusals.put(groupId + ":" + model, new Refusal(answer, now.plus(during)));
  }

  /** The answer every account gave for {@code model} lately, while it still holds. */
  Optional<GatewayException> recall(long groupId, String model) {
    Refusal r = refusals.get(groupId + ":" + model);
    return r != null && clock.instant().isBefore(r.until())
        ? Optional.of(r.answer())
        : Optional.empty();
  }

  int size() {
    return refusals.size();
  }
}
