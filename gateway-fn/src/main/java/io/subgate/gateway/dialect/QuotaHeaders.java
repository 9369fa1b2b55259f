package io.subgate.gateway.dialect;

import io.subgate.account.QuotaWindow;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** What the providers' usage-window headers share: numbers, window labels, the exhausted reset. */
final class QuotaHeaders {
  private QuotaHeaders() {}

  /**
   * How long a 429 parks the account: until the latest exhausted window resets. Null for a burst
   * limit — no window is used up — which costs only the short burst cooldown, never days.
   */
  static @Nullable Duration exhaustedUntil(List<QuotaWindow> windows, Instant now) {
    Duration longest = null;
    for (QuotaWindow w : windows) {
      if (w.exhausted()) {
        Duration d = Duration.between(now, w.resetsAt());
        if (!d.isNegative() && (longest == null || d.compareTo(longest) > 0)) {
          longest = d;
        }
      }
    }
    return longest;
  }

  /** {@code 5h}, {@code 7d}, {@code 90m}; {@code unknown} without a length. */
  static String label(int minutes) {
    if (minutes <= 0) {
      return "unknown";
    }
    if (minutes % 1440 == 0) {
      return minutes / 1440 + "d";
    }
    return minutes % 60 == 0 ? minutes / 60 + "h" : minutes + "m";
  }

  /** A finite, non-negative number, or null. */
  static @Nullable Double number(@Nullable String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      double d = Double.parseDouble(value.trim());
      return Double.isFinite(d) && d >= 0 ? d : null;
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
