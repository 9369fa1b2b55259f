package io.subgate.gateway.proxy;

import io.subgate.testing.StubLlmUpstream;
import java.io.IOException;

final class StubUpstreams {
  private StubUpstreams() {}

  static StubLlmUpstream start() {
    try {
      return new StubLlmUpstream();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
