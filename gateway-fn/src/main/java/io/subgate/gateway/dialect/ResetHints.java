package io.subgate.gateway.dialect;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * When an upstream says to come back: {@code Retry-After} (seconds or HTTP date), Anthropic's
 * {@code anthropic-ratelimit-unified-reset} (epoch seconds), Google's {@code RetryInfo.retryDelay}
 * in the error body ({@code "retryDelay": "30s"}); the latest of those given, never in the past.
 * Codex reads its own windows ({@link CodexQuota}).
 */
final class ResetHints {
  private static final Pattern RETRY_DELAY =
      Pattern.compile("\"retryDelay\"\\s*:\\s*\"(\\d+(?:\\.\\d+)?)s\"");

  private ResetHints() {}

  static @Nullable Duration of(UpstreamAnswer answer, byte[] body, Clock clock) {
    Instant now = clock.instant();
    return latest(
        retryAfter(answer.header("retry-after").orElse(null), now),
        epochSeconds(answer.header("anthropic-ratelimit-unified-reset").orElse(null), now),
        googleRetryDelay(body));
  }

  static @Nullable Duration latest(@Nullable Duration... hints) {
    Duration best = null;
    for (Duration d : hints) {
      if (d != null && !d.isNegative() && (best == null || d.compareTo(best) > 0)) {
        best = d;
      }
    }
    return best;
  }

  static @Nullable Duration retryAfter(@Nullable String value, Instant now) {
    if (value == null || value.isBlank()) {
      return null;
    }
    Duration s = seconds(value);
    if (s != null) {
      return s;
    }
    try {
      Instant at =
          ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
      return Duration.between(now, at);
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  private static @Nullable Duration epochSeconds(@Nullable String value, Instant now) {
    Duration s = seconds(value);
    return s == null ? null : Duration.between(now, Instant.ofEpochSecond(s.toSeconds()));
  }

  private static @Nullable Duration googleRetryDelay(byte[] body) {
    if (body.length == 0 || body.length > 65_536) {
      return null;
    }
    Matcher m = RETRY_DELAY.matcher(new String(body, StandardCharsets.UTF_8));
    return m.find() ? seconds(m.group(1)) : null;
  }

  static @Nullable Duration seconds(@Nullable String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      return Duration.ofMillis((long) (Double.parseDouble(value.trim()) * 1000));
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
