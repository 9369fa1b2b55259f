package io.subgate.gateway.protocol;

import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;

/** What OpenAI's two client protocols share: error shape, comment pings, model list, Codex. */
abstract class OpenAiProtocol extends JsonProtocol {
  private static final byte[] PING = ": ping\n\n".getBytes(StandardCharsets.UTF_8);

  OpenAiProtocol() {
    super(ClientProtocol.OPENAI);
  }

  @Override
  public ClientIdentity identify(
      Route route, Map<String, String> headers, JsonNode body, JsonMapper json) {
    return CodexClient.recognised(headers) ? ClientIdentity.CODEX : ClientIdentity.OTHER;
  }

  @Override
  public byte[] ping() {
    return PING.clone();
  }

  @Override
  public Map<String, Object> modelList(SortedSet<String> ids) {
    List<Map<String, Object>> data = new ArrayList<>();
    for (String id : ids) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("id", id);
      m.put("object", "model");
      m.put("created", 1735689600L);
      m.put("owned_by", "openai");
      data.add(m);
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("object", "list");
    body.put("data", data);
    return body;
  }
}
