package io.subgate.gateway.proxy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * An upstream answer that another account may serve better, classified (seed 003, sub2api §5).
 * Client errors (400 context length, content policy, invalid request, 404, 413) are not failures:
 * they go back to the client as they are and are never retried.
 *
 * @param status the upstream status, 0 when no answer arrived (connection refused, reset, timeout)
 * @param resetAfter when the upstream said when to come back (rate limit or overload)
 * @param body the upstream's error body, for the client if failover is exhausted
 */
record UpstreamFailure(
    Kind kind, int status, @Nullable Duration resetAfter, byte[] body, String detail) {

  enum Kind {
    /** 429: the account is rate-limited until the reset the headers give. */
    RATE_LIMITED,
    /** 529 or 503: the upstream is overloaded. */
    OVERLOADED,
    /** 401: the token was refused. */
    UNAUTHORIZED,
    /** 403: the account may not do this. */
    FORBIDDEN,
    /** Another 5xx. */
    SERVER_ERROR,
    /** No answer: refused, reset, timed out before headers. */
    NO_ANSWER;

    /** Worth trying again on the same account after a short pause. */
    boolean retryableInPlace() {
      return this == SERVER_ERROR || this == NO_ANSWER;
    }
  }

  /** The failure an upstream status represents, or empty when the answer goes to the client. */
  static Optional<Kind> classify(int status) {
    if (status == 429) {
      return Optional.of(Kind.RATE_LIMITED);
    }
    if (status == 529 || status == 503) {
      return Optional.of(Kind.OVERLOADED);
    }
    if (status == 401) {
      return Optional.of(Kind.UNAUTHORIZED);
    }
    if (status == 403) {
      return Optional.of(Kind.FORBIDDEN);
    }
    if (status >= 500) {
      return Optional.of(Kind.SERVER_ERROR);
    }
    return Optional.empty();
  }

  /**
   * When the upstream says to come back: {@code Retry-After} (seconds or HTTP date), Anthropic's
   * {@code anthropic-ratelimit-unified-reset} (epoch seconds), OpenAI Codex's {@code
   * x-codex-primary-reset-after-seconds}, Google's {@code RetryInfo.retryDelay} in the error body
   * ({@code "retryDelay": "30s"}); the latest of those given, never in the past.
   */
  static @Nullable Duration resetAfter(
      Function<String, Optional<String>> headers, byte[] body, Clock clock) {
    Instant now = clock.instant();
    Duration best = null;
    for (Duration d :
        new Duration[] {
          retryAfter(headers.apply("retry-after").orElse(null), now),
          epochSeconds(headers.apply("anthropic-ratelimit-unified-reset").orElse(null), now),
          seconds(headers.apply("x-codex-primary-reset-after-seconds").orElse(null)),
          googleRetryDelay(body)
        }) {
      if (d != null && !d.isNegative() && (best == null || d.compareTo(best) > 0)) {
        best = d;
      }
    }
    return best;
  }

  private static final java.util.regex.Pattern RETRY_DELAY =
      java.util.regex.Pattern.compile("\"retryDelay\"\\s*:\\s*\"(\\d+(?:\\.\\d+)?)s\"");

  private static @Nullable Duration googleRetryDelay(byte[] body) {
    if (body.length == 0 || body.length > 65_536) {
      return null;
    }
    java.util.regex.Matcher m =
        RETRY_DELAY.matcher(new String(body, java.nio.charset.StandardCharsets.UTF_8));
    return m.find() ? seconds(m.group(1)) : null;
  }

  private static @Nullable Duration retryAfter(@Nullable String value, Instant now) {
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

  private static @Nullable Duration seconds(@Nullable String value) {
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
