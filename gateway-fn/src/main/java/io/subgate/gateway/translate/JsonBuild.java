package io.subgate.gateway.translate;

import io.micronaut.json.tree.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Small helpers to read and build JSON trees for the translators. */
final class JsonBuild {
  private JsonBuild() {}

  /** An object under construction, members in insertion order. */
  static final class Obj {
    private final Map<String, JsonNode> members = new LinkedHashMap<>();

    Obj put(String name, @Nullable JsonNode value) {
      if (value != null) {
        members.put(name, value);
      }
      return this;
    }

    Obj put(String name, String value) {
      return put(name, JsonNode.createStringNode(value));
    }

    Obj put(String name, long value) {
      return put(name, JsonNode.createNumberNode(value));
    }

    Obj put(String name, boolean value) {
      return put(name, JsonNode.createBooleanNode(value));
    }

    Obj putNull(String name) {
      return put(name, JsonNode.nullNode());
    }

    boolean has(String name) {
      return members.containsKey(name);
    }

    JsonNode node() {
      return JsonNode.createObjectNode(members);
    }
  }

  static Obj obj() {
    return new Obj();
  }

  static JsonNode arr(List<JsonNode> items) {
    return JsonNode.createArrayNode(new ArrayList<>(items));
  }

  /** The string at {@code name}, or empty when absent or not a string. */
  static String text(@Nullable JsonNode node, String name) {
    JsonNode v = node == null ? null : node.get(name);
    return v != null && v.isString() ? v.getStringValue() : "";
  }

  /** The number at {@code name}, or 0 when absent or not a number. */
  static long number(@Nullable JsonNode node, String name) {
    JsonNode v = node == null ? null : node.get(name);
    return v != null && v.isNumber() ? v.getNumberValue().longValue() : 0;
  }

  /** The items of an array node (none when it is not one). */
  static List<JsonNode> items(@Nullable JsonNode node) {
    List<JsonNode> out = new ArrayList<>();
    if (node != null && node.isArray()) {
      node.values().forEach(out::add);
    }
    return out;
  }

  /**
   * Conversation turns with consecutive turns of one role joined into one, as Anthropic and Gemini
   * want them: each turn {@code {role, <partsName>: [...]}}.
   */
  static final class Turns {
    private final String partsName;
    private final List<JsonNode> turns = new ArrayList<>();
    private String role = "";
    private List<JsonNode> parts = new ArrayList<>();

    Turns(String partsName) {
      this.partsName = partsName;
    }

    void add(String as, List<JsonNode> more) {
      if (!as.equals(role) && !parts.isEmpty()) {
        flush();
      }
      role = as;
      parts.addAll(more);
    }

    List<JsonNode> nodes() {
      if (!parts.isEmpty()) {
        flush();
      }
      return turns;
    }

    private void flush() {
      turns.add(obj().put("role", role).put(partsName, arr(parts)).node());
      parts = new ArrayList<>();
    }
  }
}
