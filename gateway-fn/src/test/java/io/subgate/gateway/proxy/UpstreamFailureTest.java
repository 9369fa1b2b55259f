package io.subgate.gateway.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.subgate.gateway.dialect.UpstreamFailure;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class UpstreamFailureTest {
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
}
