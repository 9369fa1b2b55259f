package io.subgate.gateway.dialect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

class ResetHintsTest {
  private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

  static UpstreamAnswer answer(int status, Map<String, String> headers) {
    return new UpstreamAnswer() {
      @Override
      public int status() {
        return status;
      }

      @Override
      public java.util.Optional<String> header(String name) {
        return java.util.Optional.ofNullable(headers.get(name));
      }
    };
  }

  private static @Nullable Duration reset(Map<String, String> h, String body) {
    return ResetHints.of(answer(429, h), body.getBytes(StandardCharsets.UTF_8), CLOCK);
  }

  @Test
  void resetTimes_fromEveryPlatformsHint_latestWins() {
    assertEquals(Duration.ofSeconds(120), reset(Map.of("retry-after", "120"), ""));
    assertEquals(
        Duration.ofSeconds(90), reset(Map.of("retry-after", "Sun, 22 Nov 2026 10:01:30 GMT"), ""));
    assertEquals(
        Duration.ofSeconds(300),
        reset(
            Map.of(
                "retry-after",
                "10",
                "anthropic-ratelimit-unified-reset",
                Long.toString(NOW.getEpochSecond() + 300)),
            ""));
    assertEquals(
        Duration.ofSeconds(30),
        reset(
            Map.of(),
            "{\"error\":{\"code\":429,\"details\":[{\"@type\":"
                + "\"type.googleapis.com/google.rpc.RetryInfo\",\"retryDelay\":\"30s\"}]}}"));
    assertNull(reset(Map.of("retry-after", "soon"), "{}"), "unreadable hints give none");
    assertNull(reset(Map.of("retry-after", "Sun, 22 Nov 2026 09:00:00 GMT"), ""), "past");
  }
}
