package io.subgate.gateway.dialect;

import io.subgate.account.QuotaWindow;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A Claude subscription's usage windows, from the headers on its answers (sub2api-behaviour §5.4,
 * §5.5): {@code anthropic-ratelimit-unified-5h-*} and {@code -7d-*} — {@code utilization} (a
 * fraction, 1.0 = used up), {@code reset} (epoch seconds; milliseconds recognised) and {@code
 * status} ({@code rejected} = used up). A window without a reset is not reported.
 */
final class AnthropicQuota {
  private static final String PREFIX = "anthropic-ratelimit-unified-";

  private AnthropicQuota() {}

  static List<QuotaWindow> read(UpstreamAnswer answer, Instant now) {
    List<QuotaWindow> windows = new ArrayList<>(2);
    add(windows, answer, "5h", 300, now);
    add(windows, answer, "7d", 10_080, now);
    return windows;
  }

  private static void add(
      List<QuotaWindow> windows, UpstreamAnswer answer, String label, int minutes, Instant now) {
    String p = PREFIX + label + "-";
    Double reset = QuotaHeaders.number(answer.header(p + "reset").orElse(null));
    Double utilization = QuotaHeaders.number(answer.header(p + "utilization").orElse(null));
    boolean rejected = "rejected".equals(answer.header(p + "status").orElse(""));
    Instant resetsAt = instant(reset, now);
    if (resetsAt == null || (utilization == null && !rejected)) {
      return;
    }
    double used = rejected || utilization == null ? 100.0 : Math.min(100.0, utilization * 100.0);
    windows.add(new QuotaWindow(label, used, minutes, resetsAt));
  }

  /**
   * Epoch seconds, or milliseconds when the number is that large; within [now − 5 h, now + 7 d].
   */
  private static @Nullable Instant instant(@Nullable Double value, Instant now) {
    if (value == null) {
      return null;
    }
    long v = value.longValue();
    Instant at = v > 100_000_000_000L ? Instant.ofEpochMilli(v) : Instant.ofEpochSecond(v);
    boolean plausible =
        !at.isBefore(now.minusSeconds(5 * 3600)) && !at.isAfter(now.plusSeconds(7 * 86_400 + 60));
    return plausible ? at : null;
  }
}
