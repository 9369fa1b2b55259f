package io.subgate.gateway.translate;

import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import io.subgate.gateway.protocol.JsonTrees;
import io.subgate.gateway.relay.SseEvent;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A pass-through answer whose account was asked for another model than the client named (a group's
 * model mapping or default): the answer's model name — {@code model} and Google's {@code
 * modelVersion}, at the top or in the {@code message} or {@code response} object, where each
 * protocol puts it — becomes the client's, so the client always sees the name it asked for. Nothing
 * else changes; an event or body without one passes as it came.
 */
public final class ClientModelName implements Translator {
  private static final List<String> HOLDERS = List.of("message", "response");
  private static final List<String> NAMES = List.of("model", "modelVersion");

  private final JsonMapper json;
  private final JsonNode name;

  public ClientModelName(JsonMapper json, String clientModel) {
    this.json = json;
    this.name = JsonNode.createStringNode(clientModel);
  }

  @Override
  public List<byte[]> event(SseEvent event) {
    byte[] renamed = renamed(event.data());
    if (renamed == null) {
      return List.of(event.bytes());
    }
    String head = event.name().isEmpty() ? "" : "event: " + event.name() + "\n";
    return List.of(
        (head + "data: " + new String(renamed, StandardCharsets.UTF_8) + "\n\n")
            .getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public byte[] body(byte[] upstreamBody) {
    byte[] renamed = renamed(new String(upstreamBody, StandardCharsets.UTF_8));
    return renamed == null ? upstreamBody : renamed;
  }

  private byte @Nullable [] renamed(String data) {
    if (!data.contains("\"model")) {
      return null;
    }
    try {
      JsonNode node = json.readValue(data, JsonNode.class);
      if (node == null || !node.isObject()) {
        return null;
      }
      JsonNode next = rename(node);
      for (String holder : HOLDERS) {
        JsonNode inner = next.get(holder);
        if (inner != null && inner.isObject()) {
          next = JsonTrees.withField(next, holder, rename(inner));
        }
      }
      return next.equals(node) ? null : json.writeValueAsBytes(next);
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  private JsonNode rename(JsonNode object) {
    JsonNode out = object;
    for (String field : NAMES) {
      JsonNode v = out.get(field);
      if (v != null && v.isString()) {
        out = JsonTrees.withField(out, field, name);
      }
    }
    return out;
  }
}
