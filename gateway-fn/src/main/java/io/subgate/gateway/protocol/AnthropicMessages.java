package io.subgate.gateway.protocol;

import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;

/** Anthropic Messages ({@code /v1/messages}, {@code /v1/messages/count_tokens}). */
public final class AnthropicMessages extends JsonProtocol {
  public static final AnthropicMessages INSTANCE = new AnthropicMessages();
  private static final byte[] PING =
      "event: ping\ndata: {\"type\": \"ping\"}\n\n".getBytes(StandardCharsets.UTF_8);

  private AnthropicMessages() {
    super(ClientProtocol.ANTHROPIC);
  }

  @Override
  public String name() {
    return "anthropic-messages";
  }

  @Override
  public ClientIdentity identify(
      Route route, Map<String, String> headers, JsonNode body, JsonMapper json) {
    return ClaudeCodeClient.recognised(headers, body, route.generates(), json)
        ? ClientIdentity.CLAUDE_CODE
        : ClientIdentity.OTHER;
  }

  @Override
  public byte[] ping() {
    return PING.clone();
  }

  @Override
  public byte[] streamError(JsonMapper json, int status, String message) {
    return frame("error", errorBody(json, status, message));
  }

  @Override
  public Map<String, Object> modelList(SortedSet<String> ids) {
    List<Map<String, Object>> data = new ArrayList<>();
    for (String id : ids) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("type", "model");
      m.put("id", id);
      m.put("display_name", id);
      m.put("created_at", "2025-01-01T00:00:00Z");
      data.add(m);
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("data", data);
    body.put("has_more", false);
    body.put("first_id", ids.isEmpty() ? null : ids.first());
    body.put("last_id", ids.isEmpty() ? null : ids.last());
    return body;
  }
}
