package io.subgate.gateway.dialect;

import io.subgate.account.QuotaWindow;
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

  private static @Nullable QuotaWindow window(UpstreamAnswer answer, String prefix, Instant now) {
    Double used = QuotaHeaders.number(answer.header(prefix + "used-percent").orElse(null));
    Double reset = QuotaHeaders.number(answer.header(prefix + "reset-after-seconds").orElse(null));
    Double minutes = QuotaHeaders.number(answer.header(prefix + "window-minutes").orElse(null));
    if (used == null || reset == null) {
      return null;
    }
    int length = minutes == null ? 0 : minutes.intValue();
    return new QuotaWindow(
        QuotaHeaders.label(length), used, length, now.plusMillis((long) (reset * 1000)));
  }
}
