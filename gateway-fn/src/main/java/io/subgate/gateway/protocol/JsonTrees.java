package io.subgate.gateway.protocol;

import io.micronaut.json.tree.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;

/** Small edits of immutable JSON trees. */
public final class JsonTrees {
  private JsonTrees() {}

  /** {@code object} with {@code name} set to {@code value}: in its place, or added last. */
  public static JsonNode withField(JsonNode object, String name, JsonNode value) {
    Map<String, JsonNode> fields = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : object.entries()) {
      fields.put(e.getKey(), e.getValue());
    }
    fields.put(name, value);
    return JsonNode.createObjectNode(fields);
  }
}
