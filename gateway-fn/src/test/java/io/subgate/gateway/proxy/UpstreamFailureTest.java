package io.subgate.gateway.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

class UpstreamFailureTest {
  private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

  private static Function<String, Optional<String>> headers(Map<String, String> values) {
    return name -> Optional.ofNullable(values.get(name));
  }

  private static @Nullable Duration reset(Map<String, String> h, String body) {
    return UpstreamFailure.resetAfter(headers(h), body.getBytes(StandardCharsets.UTF_8), CLOCK);
  }

  @Test
  void classifies_statuses() {
    assertEquals(Optional.of(UpstreamFailure.Kind.RATE_LIMITED), UpstreamFailure.classify(429));
    assertEquals(Optional.of(UpstreamFailure.Kind.OVERLOADED), UpstreamFailure.classify(529));
    assertEquals(Optional.of(UpstreamFailure.Kind.OVERLOADED), UpstreamFailure.classify(503));
    assertEquals(Optional.of(UpstreamFailure.Kind.UNAUTHORIZED), UpstreamFailure.classify(401));
    assertEquals(Optional.of(UpstreamFailure.Kind.FORBIDDEN), UpstreamFailure.classify(403));
    assertEquals(Optional.of(UpstreamFailure.Kind.SERVER_ERROR), UpstreamFailure.classify(502));
    assertEquals(Optional.empty(), UpstreamFailure.classify(400));
    assertEquals(Optional.empty(), UpstreamFailure.classify(413));
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
        Duration.ofMillis(4500), reset(Map.of("x-codex-primary-reset-after-seconds", "4.5"), ""));
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
