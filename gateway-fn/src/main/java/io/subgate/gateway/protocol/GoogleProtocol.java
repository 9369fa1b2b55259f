package io.subgate.gateway.protocol;

import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import io.subgate.support.Digests;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;

/**
 * What Google's two client wire formats share (Gemini's public API and the Code Assist envelope):
 * the stream flag from the route's method, Google's error shape (also as the one in-stream error
 * event, {@code data: {"error":…}}), no keep-alive events (Google's streams have none), 404 for a
 * model the group does not serve, and Google's model list.
 */
public abstract class GoogleProtocol extends JsonProtocol {

  GoogleProtocol() {
    super(ClientProtocol.GOOGLE);
  }

  @Override
  public boolean stream(Route route, JsonNode body) {
    return route.action().equals("streamGenerateContent");
  }

  @Override
  public int unknownModelStatus() {
    return 404;
  }

  @Override
  public byte[] ping() {
    return new byte[0];
  }

  @Override
  public byte[] streamError(JsonMapper json, int status, String message) {
    return frame("", errorBody(json, status, message));
  }

  @Override
  public Map<String, Object> modelList(SortedSet<String> ids) {
    List<Map<String, Object>> models = new ArrayList<>();
    for (String id : ids) {
      models.add(model(id));
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("models", models);
    return body;
  }

  /** One entry of Google's model list, as {@code GET /v1beta/models/{model}} answers it. */
  public static Map<String, Object> model(String id) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", "models/" + id);
    m.put("displayName", id);
    m.put(
        "supportedGenerationMethods",
        List.of("generateContent", "streamGenerateContent", "countTokens"));
    return m;
  }

  /**
   * The session seed of a generateContent body: its own session id (Code Assist clients send one),
   * else the system instruction and first turn, hashed.
   */
  static Optional<String> seedOf(JsonNode request) {
    for (String field : new String[] {"session_id", "sessionId"}) {
      JsonNode id = request.get(field);
      if (id != null && id.isString() && !id.getStringValue().isBlank()) {
        return Optional.of("s:" + Digests.sha256Hex(id.getStringValue()).substring(0, 32));
      }
    }
    StringBuilder seed = new StringBuilder();
    JsonNode system = request.get("systemInstruction");
    if (system != null) {
      seed.append(system).append('|');
    }
    JsonNode contents = request.get("contents");
    if (contents != null && contents.isArray() && contents.size() > 0) {
      seed.append(contents.get(0));
    }
    return seed.length() == 0
        ? Optional.empty()
        : Optional.of("c:" + Digests.sha256Hex(seed.toString()).substring(0, 32));
  }

  /** Checks a generateContent body ({@code contents} a non-empty array). */
  static void requireContents(JsonNode request, String where) {
    JsonNode contents = request.get("contents");
    if (contents == null || !contents.isArray()) {
      throw new GatewayException(400, where + "contents: is required and must be an array");
    }
  }

  static GatewayException invalid(String message) {
    return new GatewayException(400, message);
  }
}
