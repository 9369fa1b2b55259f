package io.subgate.gateway.translate;

import static io.subgate.gateway.translate.JsonBuild.arr;
import static io.subgate.gateway.translate.JsonBuild.items;
import static io.subgate.gateway.translate.JsonBuild.obj;
import static io.subgate.gateway.translate.JsonBuild.text;

import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import io.subgate.gateway.protocol.GatewayException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An Anthropic Messages request as a Gemini {@code generateContent} request (upstream-dialects §5):
 * {@code system} → {@code systemInstruction}; text blocks → {@code text} parts, base64 images →
 * {@code inlineData} (a URL image is a 400: Gemini reads only its own file URIs); {@code tool_use}
 * → {@code functionCall}, {@code tool_result} → {@code functionResponse} named after the call it
 * answers; earlier turns' thinking left out; tools → {@code functionDeclarations}; {@code
 * tool_choice} → {@code functionCallingConfig}; {@code max_tokens}, {@code temperature}, {@code
 * top_p}, {@code top_k}, {@code stop_sequences} → {@code generationConfig}; {@code thinking}
 * enabled with a budget → {@code thinkingConfig.thinkingBudget}, adaptive → a dynamic budget, with
 * the thought summaries asked for ({@code includeThoughts}) to answer as thinking blocks. Refused
 * with a 400 naming it: server tools, documents and other blocks Gemini has no part for.
 */
final class MessagesGeminiRequests {
  private MessagesGeminiRequests() {}

  static byte[] toGemini(JsonNode m, JsonMapper json) {
    Map<String, String> calledNames = new HashMap<>();
    JsonBuild.Turns contents = new JsonBuild.Turns("parts");
    List<JsonNode> turns = items(m.get("messages"));
    for (int i = 0; i < turns.size(); i++) {
      JsonNode turn = turns.get(i);
      String role = text(turn, "role");
      if (!role.equals("user") && !role.equals("assistant")) {
        throw new GatewayException(400, "messages[" + i + "].role: must be user or assistant");
      }
      contents.add(
          role.equals("user") ? "user" : "model",
          parts(turn.get("content"), "messages[" + i + "].content", calledNames));
    }
    JsonBuild.Obj out = obj().put("contents", arr(contents.nodes()));
    JsonNode system = m.get("system");
    if (system != null && !system.isNull()) {
      List<JsonNode> parts = parts(system, "system", calledNames);
      if (!parts.isEmpty()) {
        out.put("systemInstruction", obj().put("parts", arr(parts)).node());
      }
    }
    tools(m, out);
    JsonBuild.Obj config = obj();
    copy(m, "max_tokens", config, "maxOutputTokens");
    copy(m, "temperature", config, "temperature");
    copy(m, "top_p", config, "topP");
    copy(m, "top_k", config, "topK");
    JsonNode stops = m.get("stop_sequences");
    if (stops != null && stops.isArray() && stops.size() > 0) {
      config.put("stopSequences", stops);
    }
    JsonNode thinking = m.get("thinking");
    switch (text(thinking, "type")) {
      case "enabled" ->
          config.put(
              "thinkingConfig",
              obj()
                  .put("thinkingBudget", JsonBuild.number(thinking, "budget_tokens"))
                  .put("includeThoughts", true)
                  .node());
      case "adaptive" ->
          config.put(
              "thinkingConfig",
              obj().put("thinkingBudget", -1).put("includeThoughts", true).node());
      default -> {}
    }
    JsonNode built = config.node();
    if (built.size() > 0) {
      out.put("generationConfig", built);
    }
    try {
      return json.writeValueAsBytes(out.node());
    } catch (IOException e) {
      throw new GatewayException(400, "the request could not be converted");
    }
  }

  private static List<JsonNode> parts(
      JsonNode content, String field, Map<String, String> calledNames) {
    List<JsonNode> out = new ArrayList<>();
    if (content.isString()) {
      if (!content.getStringValue().isEmpty()) {
        out.add(obj().put("text", content.getStringValue()).node());
      }
      return out;
    }
    List<JsonNode> blocks = items(content);
    for (int b = 0; b < blocks.size(); b++) {
      JsonNode block = blocks.get(b);
      String at = field + "[" + b + "]";
      switch (text(block, "type")) {
        case "text" -> out.add(obj().put("text", text(block, "text")).node());
        case "image" -> {
          JsonNode source = block.get("source");
          if (!text(source, "type").equals("base64")) {
            throw new GatewayException(
                400, at + ".source.type: Gemini takes images inline: send base64");
          }
          out.add(
              obj()
                  .put(
                      "inlineData",
                      obj()
                          .put("mimeType", text(source, "media_type"))
                          .put("data", text(source, "data"))
                          .node())
                  .node());
        }
        case "tool_use" -> {
          calledNames.put(text(block, "id"), text(block, "name"));
          JsonNode input = block.get("input");
          out.add(
              obj()
                  .put(
                      "functionCall",
                      obj()
                          .put("name", text(block, "name"))
                          .put("args", input != null && input.isObject() ? input : obj().node())
                          .node())
                  .node());
        }
        case "tool_result" -> {
          String name = calledNames.get(text(block, "tool_use_id"));
          if (name == null) {
            throw new GatewayException(
                400,
                at
                    + ".tool_use_id: "
                    + text(block, "tool_use_id")
                    + " answers no earlier tool_use");
          }
          JsonNode result = block.get("content");
          StringBuilder text = new StringBuilder();
          if (result != null && result.isString()) {
            text.append(result.getStringValue());
          }
          for (JsonNode r : items(result)) {
            text.append(text(r, "text"));
          }
          out.add(
              obj()
                  .put(
                      "functionResponse",
                      obj()
                          .put("name", name)
                          .put("response", obj().put("content", text.toString()).node())
                          .node())
                  .node());
        }
        case "thinking", "redacted_thinking" -> {
          // An earlier turn's reasoning, signed by another provider: Gemini cannot take it.
        }
        default ->
            throw new GatewayException(
                400, at + ".type: " + text(block, "type") + " does not convert to Gemini");
      }
    }
    return out;
  }

  private static void tools(JsonNode m, JsonBuild.Obj out) {
    List<JsonNode> declarations = new ArrayList<>();
    List<JsonNode> given = items(m.get("tools"));
    for (int i = 0; i < given.size(); i++) {
      JsonNode t = given.get(i);
      String type = text(t, "type");
      if (!type.isEmpty() && !type.equals("custom")) {
        throw new GatewayException(
            400, "tools[" + i + "].type: " + type + " is a server tool Gemini lacks");
      }
      JsonNode schema = t.get("input_schema");
      declarations.add(
          obj()
              .put("name", text(t, "name"))
              .put("description", t.get("description"))
              .put("parametersJsonSchema", schema != null && schema.isObject() ? schema : null)
              .node());
    }
    if (!declarations.isEmpty()) {
      out.put("tools", arr(List.of(obj().put("functionDeclarations", arr(declarations)).node())));
    }
    JsonNode choice = m.get("tool_choice");
    if (choice == null || !choice.isObject()) {
      return;
    }
    JsonBuild.Obj calling = obj();
    switch (text(choice, "type")) {
      case "auto" -> calling.put("mode", "AUTO");
      case "any" -> calling.put("mode", "ANY");
      case "none" -> calling.put("mode", "NONE");
      case "tool" ->
          calling
              .put("mode", "ANY")
              .put(
                  "allowedFunctionNames",
                  arr(List.of(JsonNode.createStringNode(text(choice, "name")))));
      default ->
          throw new GatewayException(
              400, "tool_choice.type: " + text(choice, "type") + " does not convert");
    }
    out.put("toolConfig", obj().put("functionCallingConfig", calling.node()).node());
  }

  private static void copy(JsonNode from, String field, JsonBuild.Obj to, String as) {
    JsonNode v = from.get(field);
    if (v != null && v.isNumber()) {
      to.put(as, v);
    }
  }
}
