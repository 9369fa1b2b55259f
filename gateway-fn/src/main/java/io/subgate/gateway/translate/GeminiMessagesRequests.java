package io.subgate.gateway.translate;

import static io.subgate.gateway.translate.JsonBuild.arr;
import static io.subgate.gateway.translate.JsonBuild.items;
import static io.subgate.gateway.translate.JsonBuild.obj;
import static io.subgate.gateway.translate.JsonBuild.text;

import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import io.subgate.gateway.protocol.GatewayException;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A Gemini {@code generateContent} request as an Anthropic Messages request (upstream-dialects §5,
 * read backwards): {@code systemInstruction} → {@code system}; {@code contents} (user / model) →
 * user / assistant turns; {@code text} parts → text blocks, image {@code inlineData} → base64 image
 * blocks; {@code functionCall} → {@code tool_use} (Gemini's call id, or one of ours) and {@code
 * functionResponse} → {@code tool_result} for the earliest unanswered call of that name; thought
 * parts left out; {@code functionDeclarations} → tools; {@code functionCallingConfig} → {@code
 * tool_choice}; {@code maxOutputTokens} (4 096 when absent, as Messages requires one), {@code
 * temperature}, {@code topP}, {@code topK}, {@code stopSequences}, a positive {@code
 * thinkingConfig.thinkingBudget} → Messages' own. Refused with a 400 naming it: what Messages has
 * no equivalent for (file URIs, other media, code execution and search tools, cached content,
 * safety settings, JSON output, several candidates, penalties, log-probabilities, seeds).
 */
final class GeminiMessagesRequests {
  static final long DEFAULT_MAX_TOKENS = 4096;
  private static final Set<String> CONFIG =
      Set.of(
          "maxOutputTokens",
          "temperature",
          "topP",
          "topK",
          "stopSequences",
          "thinkingConfig",
          "candidateCount",
          "responseMimeType");
  private static final Set<String> REQUEST =
      Set.of(
          "contents",
          "systemInstruction",
          "tools",
          "toolConfig",
          "generationConfig",
          "model",
          "labels");

  private GeminiMessagesRequests() {}

  static byte[] toMessages(JsonNode g, String model, boolean stream, JsonMapper json) {
    for (Map.Entry<String, JsonNode> e : g.entries()) {
      if (!REQUEST.contains(e.getKey())) {
        throw refused(e.getKey());
      }
    }
    Deque<String[]> unanswered = new ArrayDeque<>();
    Map<String, Integer> byName = new HashMap<>();
    JsonBuild.Turns messages = new JsonBuild.Turns("content");
    List<JsonNode> contents = items(g.get("contents"));
    if (contents.isEmpty()) {
      throw new GatewayException(400, "contents: at least one turn is required");
    }
    for (int i = 0; i < contents.size(); i++) {
      JsonNode turn = contents.get(i);
      String role = text(turn, "role");
      String path = "contents[" + i + "]";
      if (!role.isEmpty() && !role.equals("user") && !role.equals("model")) {
        throw new GatewayException(400, path + ".role: must be user or model");
      }
      boolean fromModel = role.equals("model");
      messages.add(
          fromModel ? "assistant" : "user",
          blocks(items(turn.get("parts")), path, fromModel, unanswered, byName, json));
    }
    JsonBuild.Obj out = obj().put("model", model);
    JsonBuild.Obj config = obj();
    JsonNode generation = g.get("generationConfig");
    for (Map.Entry<String, JsonNode> e :
        generation == null ? List.<Map.Entry<String, JsonNode>>of() : generation.entries()) {
      if (!CONFIG.contains(e.getKey())) {
        throw refused("generationConfig." + e.getKey());
      }
    }
    if (JsonBuild.number(generation, "candidateCount") > 1) {
      throw refused("generationConfig.candidateCount");
    }
    String mime = text(generation, "responseMimeType");
    if (!mime.isEmpty() && !mime.equals("text/plain")) {
      throw refused("generationConfig.responseMimeType");
    }
    long max = JsonBuild.number(generation, "maxOutputTokens");
    out.put("max_tokens", max > 0 ? max : DEFAULT_MAX_TOKENS);
    JsonNode system = g.get("systemInstruction");
    if (system != null && !system.isNull()) {
      StringBuilder text = new StringBuilder();
      for (JsonNode part : items(system.get("parts"))) {
        if (part.get("text") == null) {
          throw refused("systemInstruction.parts: only text");
        }
        text.append(text.length() > 0 ? "\n" : "").append(text(part, "text"));
      }
      if (text.length() > 0) {
        out.put("system", text.toString());
      }
    }
    out.put("messages", arr(messages.nodes()));
    copy(generation, "temperature", config, "temperature");
    copy(generation, "topP", config, "top_p");
    copy(generation, "topK", config, "top_k");
    JsonNode stops = generation == null ? null : generation.get("stopSequences");
    if (stops != null && stops.isArray() && stops.size() > 0) {
      config.put("stop_sequences", stops);
    }
    JsonNode thinking = generation == null ? null : generation.get("thinkingConfig");
    long budget = JsonBuild.number(thinking, "thinkingBudget");
    if (budget > 0) {
      config.put("thinking", obj().put("type", "enabled").put("budget_tokens", budget).node());
    }
    tools(g, out);
    JsonNode built = config.node();
    for (Map.Entry<String, JsonNode> e : built.entries()) {
      out.put(e.getKey(), e.getValue());
    }
    if (stream) {
      out.put("stream", true);
    }
    try {
      return json.writeValueAsBytes(out.node());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static List<JsonNode> blocks(
      List<JsonNode> parts,
      String path,
      boolean fromModel,
      Deque<String[]> unanswered,
      Map<String, Integer> byName,
      JsonMapper json) {
    List<JsonNode> out = new ArrayList<>();
    for (int j = 0; j < parts.size(); j++) {
      JsonNode part = parts.get(j);
      String at = path + ".parts[" + j + "]";
      JsonNode thought = part.get("thought");
      if (thought != null && thought.isBoolean() && thought.getBooleanValue()) {
        continue; // a thought summary is Gemini's own; Messages keeps only signed thinking
      }
      if (part.get("text") != null) {
        String text = text(part, "text");
        if (!text.isEmpty()) {
          out.add(obj().put("type", "text").put("text", text).node());
        }
      } else if (part.get("inlineData") != null) {
        JsonNode data = part.get("inlineData");
        String mime = text(data, "mimeType");
        if (!mime.startsWith("image/")) {
          throw refused(at + ".inlineData: only images (" + mime + " given)");
        }
        out.add(
            obj()
                .put("type", "image")
                .put(
                    "source",
                    obj()
                        .put("type", "base64")
                        .put("media_type", mime)
                        .put("data", text(data, "data"))
                        .node())
                .node());
      } else if (part.get("functionCall") != null && fromModel) {
        JsonNode call = part.get("functionCall");
        String name = text(call, "name");
        String id = text(call, "id");
        if (id.isEmpty()) {
          int n = byName.merge(name, 1, Integer::sum);
          id = "toolu_" + name + "_" + n;
        }
        unanswered.addLast(new String[] {name, id});
        JsonNode args = call.get("args");
        out.add(
            obj()
                .put("type", "tool_use")
                .put("id", id)
                .put("name", name)
                .put("input", args != null && args.isObject() ? args : obj().node())
                .node());
      } else if (part.get("functionResponse") != null && !fromModel) {
        JsonNode response = part.get("functionResponse");
        String id = answered(unanswered, text(response, "name"), text(response, "id"), at);
        JsonNode content = response.get("response");
        String text;
        try {
          text = content == null ? "" : json.writeValueAsString(content);
        } catch (IOException e) {
          throw new IllegalStateException(e);
        }
        out.add(
            obj().put("type", "tool_result").put("tool_use_id", id).put("content", text).node());
      } else {
        throw refused(at + ": " + String.join(", ", names(part)) + " has no Messages block");
      }
    }
    return out;
  }

  /** The id of the call a response answers: its own id, or the earliest call of that name. */
  private static String answered(Deque<String[]> unanswered, String name, String id, String at) {
    for (String[] call : unanswered) {
      if (id.isEmpty() ? call[0].equals(name) : call[1].equals(id)) {
        unanswered.remove(call);
        return call[1];
      }
    }
    throw new GatewayException(
        400, at + ".functionResponse: no earlier functionCall of " + name + " to answer");
  }

  private static void tools(JsonNode g, JsonBuild.Obj out) {
    List<JsonNode> tools = new ArrayList<>();
    List<JsonNode> given = items(g.get("tools"));
    for (int i = 0; i < given.size(); i++) {
      JsonNode tool = given.get(i);
      for (String kind : names(tool)) {
        if (!kind.equals("functionDeclarations")) {
          throw refused("tools[" + i + "]." + kind);
        }
      }
      for (JsonNode f : items(tool.get("functionDeclarations"))) {
        JsonNode schema = f.get("parametersJsonSchema");
        if (schema == null) {
          schema = f.get("parameters");
        }
        JsonBuild.Obj t = obj().put("name", text(f, "name"));
        if (!text(f, "description").isEmpty()) {
          t.put("description", text(f, "description"));
        }
        tools.add(
            t.put(
                    "input_schema",
                    schema != null && schema.isObject()
                        ? lowerTypes(schema)
                        : obj().put("type", "object").node())
                .node());
      }
    }
    if (!tools.isEmpty()) {
      out.put("tools", arr(tools));
    }
    JsonNode config = g.get("toolConfig");
    JsonNode calling = config == null ? null : config.get("functionCallingConfig");
    List<JsonNode> allowed = items(calling == null ? null : calling.get("allowedFunctionNames"));
    switch (text(calling, "mode")) {
      case "NONE" -> out.put("tool_choice", obj().put("type", "none").node());
      case "ANY" ->
          out.put(
              "tool_choice",
              allowed.size() == 1
                  ? obj().put("type", "tool").put("name", allowed.get(0).getStringValue()).node()
                  : obj().put("type", "any").node());
      case "", "AUTO", "MODE_UNSPECIFIED" -> {
        if (!tools.isEmpty() && calling != null) {
          out.put("tool_choice", obj().put("type", "auto").node());
        }
      }
      default -> throw refused("toolConfig.functionCallingConfig.mode");
    }
  }

  /**
   * Gemini's OpenAPI-style schema ({@code "type": "OBJECT"}) as JSON Schema: type names in lower
   * case, everywhere in the tree.
   */
  private static JsonNode lowerTypes(JsonNode schema) {
    if (schema.isArray()) {
      List<JsonNode> out = new ArrayList<>();
      schema.values().forEach(v -> out.add(lowerTypes(v)));
      return arr(out);
    }
    if (!schema.isObject()) {
      return schema;
    }
    JsonBuild.Obj out = obj();
    for (Map.Entry<String, JsonNode> e : schema.entries()) {
      JsonNode v = e.getValue();
      out.put(
          e.getKey(),
          e.getKey().equals("type") && v.isString()
              ? JsonNode.createStringNode(v.getStringValue().toLowerCase(java.util.Locale.ROOT))
              : lowerTypes(v));
    }
    return out.node();
  }

  private static void copy(
      @org.jspecify.annotations.Nullable JsonNode from, String name, JsonBuild.Obj to, String as) {
    JsonNode v = from == null ? null : from.get(name);
    if (v != null && v.isNumber()) {
      to.put(as, v);
    }
  }

  private static List<String> names(JsonNode object) {
    List<String> out = new ArrayList<>();
    for (Map.Entry<String, JsonNode> e : object.entries()) {
      out.add(e.getKey());
    }
    return out;
  }

  private static GatewayException refused(String what) {
    return new GatewayException(
        400, what + ": not supported when a Gemini request is served by Anthropic Messages");
  }
}
