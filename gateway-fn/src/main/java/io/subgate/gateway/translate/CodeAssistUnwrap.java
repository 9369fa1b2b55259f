package io.subgate.gateway.translate;

import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import io.subgate.gateway.relay.SseEvent;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Code Assist answers → Gemini's public API: each JSON object (the whole body, or each event's
 * data) loses its {@code {"response": …}} wrapper (upstream-dialects §3.2). Objects without one
 * (errors, token counts) pass unchanged. Stateless.
 */
final class CodeAssistUnwrap implements Translator {
  private final JsonMapper json;

  CodeAssistUnwrap(JsonMapper json) {
    this.json = json;
  }

  @Override
  public List<byte[]> event(SseEvent event) {
    byte[] inner = inner(event.data());
    if (inner == null) {
      return List.of(event.bytes());
    }
    byte[] prefix = "data: ".getBytes(StandardCharsets.UTF_8);
    byte[] out = new byte[prefix.length + inner.length + 2];
    System.arraycopy(prefix, 0, out, 0, prefix.length);
    System.arraycopy(inner, 0, out, prefix.length, inner.length);
    out[out.length - 2] = '\n';
    out[out.length - 1] = '\n';
    return List.of(out);
  }

  @Override
  public byte[] body(byte[] upstreamBody) {
    byte[] inner = inner(new String(upstreamBody, StandardCharsets.UTF_8));
    return inner == null ? upstreamBody : inner;
  }

  private byte @Nullable [] inner(String data) {
    if (!data.contains("\"response\"")) {
      return null;
    }
    try {
      JsonNode root = json.readValue(data, JsonNode.class);
      JsonNode response = root == null || !root.isObject() ? null : root.get("response");
      return response != null && response.isObject() ? json.writeValueAsBytes(response) : null;
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }
}
