package io.subgate.gateway.proxy;

import io.micronaut.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** The server-sent events the gateway writes itself: keep-alive pings and terminal errors. */
final class SseEvents {
  private static final byte[] ANTHROPIC_PING =
      "event: ping\ndata: {\"type\": \"ping\"}\n\n".getBytes(StandardCharsets.UTF_8);
  private static final byte[] OPENAI_PING = ": ping\n\n".getBytes(StandardCharsets.UTF_8);

  private SseEvents() {}

  /** A ping in the route's protocol; clients ignore it and it never counts as the answer. */
  static byte[] ping(Route route) {
    return route.protocol() == ClientProtocol.ANTHROPIC ? ANTHROPIC_PING : OPENAI_PING;
  }

  /**
   * The event that ends a stream with an error: Anthropic {@code event: error}, OpenAI Chat an
   * error chunk, OpenAI Responses {@code response.failed}.
   */
  static byte[] error(Route route, JsonMapper json, int status, String message) {
    ClientProtocol protocol = route.protocol();
    if (route == Route.RESPONSES) {
      Map<String, Object> error = new LinkedHashMap<>();
      error.put("code", protocol.errorType(status));
      error.put("message", message);
      Map<String, Object> response = new LinkedHashMap<>();
      response.put("status", "failed");
      response.put("error", error);
      Map<String, Object> event = new LinkedHashMap<>();
      event.put("type", "response.failed");
      event.put("response", response);
      return frame("response.failed", write(json, event));
    }
    byte[] body = protocol.errorBody(json, status, message);
    return frame(protocol == ClientProtocol.ANTHROPIC ? "error" : null, body);
  }

  private static byte[] frame(@Nullable String event, byte[] data) {
    String head = event == null ? "data: " : "event: " + event + "\ndata: ";
    byte[] prefix = head.getBytes(StandardCharsets.UTF_8);
    byte[] out = new byte[prefix.length + data.length + 2];
    System.arraycopy(prefix, 0, out, 0, prefix.length);
    System.arraycopy(data, 0, out, prefix.length, data.length);
    out[out.length - 2] = '\n';
    out[out.length - 1] = '\n';
    return out;
  }

  private static byte[] write(JsonMapper json, Object value) {
    try {
      return json.writeValueAsBytes(value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
