package io.subgate.gateway.dialect;

import io.subgate.account.QuotaWindow;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The Codex backend's usage headers (upstream-dialects §2.6), on every answer: {@code
 * x-codex-primary-*} and {@code x-codex-secondary-*} (used percent, reset after seconds, window
 * minutes). Which one is the 5-hour and which the 7-day window is told by the window length, not
 * the position. When {@code x-codex-active-limit} names the spark sub-limit, the figures describe
 * that meter and are ignored.
 */
final class CodexQuota {
  private static final String SPARK_LIMIT = "codex_bengalfox";

  private CodexQuota() {}

  static List<QuotaWindow> read(UpstreamAnswer answer, Instant now) {
    if (SPARK_LIMIT.equals(answer.header("x-codex-active-limit").orElse(""))) {
      return List.of();
    }
    List<QuotaWindow> windows = new ArrayList<>(2);
    for (String which : new String[] {"primary", "secondary"}) {
      QuotaWindow w = window(answer, "x-codex-" + which + "-", now);
      if (w != null) {
        windows.add(w);
      }
    }
    return windows;
  }

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

  private static @Nullable QuotaWindow window(UpstreamAnswer answer, String prefix, Instant now) {
    Double used = number(answer.header(prefix + "used-percent").orElse(null));
    Double reset = number(answer.header(prefix + "reset-after-seconds").orElse(null));
    Double minutes = number(answer.header(prefix + "window-minutes").orElse(null));
    if (used == null || reset == null) {
      return null;
    }
    int length = minutes == null ? 0 : minutes.intValue();
    return new QuotaWindow(label(length), used, length, now.plusMillis((long) (reset * 1000)));
  }

  private static String label(int minutes) {
    if (minutes <= 0) {
      return "unknown";
    }
    if (minutes % 1440 == 0) {
      return minutes / 1440 + "d";
    }
    return minutes % 60 == 0 ? minutes / 60 + "h" : minutes + "m";
  }

  private static @Nullable Double number(@Nullable String value) {
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
