package io.subgate.gateway.admin;

import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A budget of failed admin-token attempts per client address ({@code
 * subgate.admin.failed-attempts-per-minute}, 20) a minute, then every attempt from that address is
 * refused with 429 until the minute is over, whatever the token, so the token cannot be guessed at
 * line speed. Per process (each process grants its own budget); bounded, a full table forgetting
 * the windows that ended.
 */
@Singleton
final class FailedAttempts {
  static final Duration WINDOW = Duration.ofMinutes(1);
  static final int MAX_ADDRESSES = 65_536;

  private record Window(Instant start, int failures) {}

  private final Map<String, Window> windows = new ConcurrentHashMap<>();
  private final Clock clock;
  private final int budget;

  FailedAttempts(Clock clock, @Value("${subgate.admin.failed-attempts-per-minute:20}") int budget) {
    this.clock = clock;
    this.budget = budget;
  }

  /** How long {@code address} must wait, when its budget for this minute is spent. */
  Optional<Duration> blocked(String address) {
    Window w = windows.get(address);
    Instant now = clock.instant();
    if (w == null || !now.isBefore(w.start().plus(WINDOW)) || w.failures() < budget) {
      return Optional.empty();
    }
    return Optional.of(Duration.between(now, w.start().plus(WINDOW)));
  }

  /** One more failed attempt from {@code address}. */
  void failed(String address) {
    Instant now = clock.instant();
    if (windows.size() >= MAX_ADDRESSES) {
      windows.values().removeIf(w -> !now.isBefore(w.start().plus(WINDOW)));
      if (windows.size() >= MAX_ADDRESSES) {
        windows.clear();
      }
    }
    windows.compute(
        address,
        (a, w) ->
            w == null || !now.isBefore(w.start().plus(WINDOW))
                ? new Window(now, 1)
                : new Window(w.start(), w.failures() + 1));
  }
}
