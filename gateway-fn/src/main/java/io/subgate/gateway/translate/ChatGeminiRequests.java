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
import java.util.Set;

/**
 * An OpenAI Chat Completions request as a Gemini {@code generateContent} request (upstream-dialects
 * §5): system and developer messages become {@code systemInstruction}; user text parts and base64
 * {@code data:} images become {@code text} and {@code inlineData} parts (an http(s) image URL is a
 * 400: Gemini reads only its own file URIs); an assistant's {@code tool_calls} become {@code
 * functionCall} parts and {@code tool} messages {@code functionResponse} parts under the called
 * function's name; function tools become {@code functionDeclarations}; {@code tool_choice} becomes
 * {@code toolConfig.functionCallingConfig} (auto/none/required/function → AUTO/NONE/ANY with the
 * allowed name); {@code max_completion_tokens}/{@code max_tokens}, {@code temperature}, {@code
 * top_p}, {@code stop} and {@code n} go to {@code generationConfig}; {@code response_format} JSON
 * object or schema to {@code responseMimeType} (and {@code responseJsonSchema}). Refused with a 400
 * naming it: what Gemini has no counterpart for.
 */
final class ChatGeminiRequests {
  private static final Set<String> REFUSED =
      Set.of(
          "logprobs",
          "top_logprobs",
          "logit_bias",
          "audio",
          "modalities",
          "prediction",
          "web_search_options",
          "functions",
          "function_call");

  private ChatGeminiRequests() {}

  static byte[] toGemini(JsonNode chat, JsonMapper json) {
    for (String field : REFUSED) {
      JsonNode v = chat.get(field);
      if (v != null && !v.isNull() && !(v.isBoolean() && !v.getBooleanValue())) {
        throw new GatewayException(
            400, field + ": not supported when a Gemini account serves a Chat Completions request");
      }
    }
    JsonNode parallel = chat.get("parallel_tool_calls");
    if (parallel != null && parallel.isBoolean() && !parallel.getBooleanValue()) {
      throw new GatewayException(
          400, "parallel_tool_calls: Gemini cannot be held to one function call at a time");
    }
    List<JsonNode> system = new ArrayList<>();
    JsonBuild.Turns contents = new JsonBuild.Turns("parts");
    Map<String, String> calledNames = new HashMap<>();
    List<JsonNode> messages = items(chat.get("messages"));
    if (messages.isEmpty()) {
      throw new GatewayException(400, "messages: at least one message is required");
    }
    for (int i = 0; i < messages.size(); i++) {
      JsonNode m = messages.get(i);
      String from = text(m, "role");
      String field = "messages[" + i + "].content";
      List<JsonNode> now = new ArrayList<>();
      String as;
      switch (from) {
        case "system", "developer" -> {
          system.addAll(textParts(m.get("content"), field));
          continue;
        }
        case "user" -> {
          as = "user";
          now.addAll(userParts(m.get("content"), field));
        }
        case "assistant" -> {
          as = "model";
          JsonNode content = m.get("content");
          if (content != null && !content.isNull()) {
            now.addAll(textParts(content, field));
          }
          List<JsonNode> calls = items(m.get("tool_calls"));
          for (int c = 0; c < calls.size(); c++) {
            JsonNode f = calls.get(c).get("function");
            calledNames.put(text(calls.get(c), "id"), text(f, "name"));
            now.add(
                obj()
                    .put(
                        "functionCall",
                        obj()
                            .put("name", text(f, "name"))
                            .put(
                                "args",
                                object(
                                    text(f, "arguments"),
                                    json,
                                    "messages[" + i + "].tool_calls[" + c + "].function.arguments"))
                            .node())
                    .node());
          }
        }
        case "tool" -> {
          as = "user";
          String id = text(m, "tool_call_id");
          String name = calledNames.get(id);
          if (name == null) {
            throw new GatewayException(
                400, "messages[" + i + "].tool_call_id: " + id + " answers no earlier tool call");
          }
          now.add(
              obj()
                  .put(
                      "functionResponse",
                      obj()
                          .put("name", name)
                          .put(
                              "response",
                              obj().put("content", joined(m.get("content"), field)).node())
                          .node())
                  .node());
        }
        default ->
            throw new GatewayException(
                400, "messages[" + i + "].role: " + from + " is not a Chat Completions role");
      }
      contents.add(as, now);
    }
    JsonBuild.Obj out = obj().put("contents", arr(contents.nodes()));
    if (!system.isEmpty()) {
      out.put("systemInstruction", obj().put("parts", arr(system)).node());
    }
    tools(chat, out);
    JsonBuild.Obj config = obj();
    for (String field : List.of("max_completion_tokens", "max_tokens")) {
      JsonNode v = chat.get(field);
      if (v != null && v.isNumber() && !config.has("maxOutputTokens")) {
        config.put("maxOutputTokens", v);
      }
    }
    copy(chat, "temperature", config, "temperature");
    copy(chat, "top_p", config, "topP");
    copy(chat, "n", config, "candidateCount");
    copy(chat, "presence_penalty", config, "presencePenalty");
    copy(chat, "frequency_penalty", config, "frequencyPenalty");
    copy(chat, "seed", config, "seed");
    JsonNode stop = chat.get("stop");
    if (stop != null && stop.isString()) {
      config.put("stopSequences", arr(List.of(stop)));
    } else if (stop != null && stop.isArray()) {
      config.put("stopSequences", stop);
    }
    JsonNode format = chat.get("response_format");
    switch (text(format, "type")) {
      case "", "text" -> {}
      case "json_object" -> config.put("responseMimeType", "application/json");
      case "json_schema" -> {
        JsonNode schema = format.get("json_schema");
        config.put("responseMimeType", "application/json");
        config.put("responseJsonSchema", schema == null ? null : schema.get("schema"));
      }
      default ->
          throw new GatewayException(
              400, "response_format.type: " + text(format, "type") + " does not convert");
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

  private static void tools(JsonNode chat, JsonBuild.Obj out) {
    List<JsonNode> declarations = new ArrayList<>();
    for (JsonNode t : items(chat.get("tools"))) {
      if (!text(t, "type").equals("function")) {
        throw new GatewayException(400, "tools: only function tools convert to Gemini");
      }
      JsonNode f = t.get("function");
      JsonNode schema = f == null ? null : f.get("parameters");
      declarations.add(
          obj()
              .put("name", text(f, "name"))
              .put("description", f == null ? null : f.get("description"))
              .put("parametersJsonSchema", schema != null && schema.isObject() ? schema : null)
              .node());
    }
    if (!declarations.isEmpty()) {
      out.put("tools", arr(List.of(obj().put("functionDeclarations", arr(declarations)).node())));
    }
    JsonNode choice = chat.get("tool_choice");
    if (choice == null) {
      return;
    }
    JsonBuild.Obj calling = obj();
    if (choice.isString()) {
      switch (choice.getStringValue()) {
        case "auto" -> calling.put("mode", "AUTO");
        case "none" -> calling.put("mode", "NONE");
        case "required" -> calling.put("mode", "ANY");
        default ->
            throw new GatewayException(
                400, "tool_choice: " + choice.getStringValue() + " does not convert");
      }
    } else if (choice.isObject() && text(choice, "type").equals("function")) {
      calling
          .put("mode", "ANY")
          .put(
              "allowedFunctionNames",
              arr(List.of(JsonNode.createStringNode(text(choice.get("function"), "name")))));
    } else {
      throw new GatewayException(400, "tool_choice: does not convert to Gemini");
    }
    out.put("toolConfig", obj().put("functionCallingConfig", calling.node()).node());
  }

  private static List<JsonNode> userParts(JsonNode content, String field) {
    if (content == null || content.isString()) {
      return textParts(content, field);
    }
    List<JsonNode> out = new ArrayList<>();
    List<JsonNode> parts = items(content);
    for (int p = 0; p < parts.size(); p++) {
      JsonNode part = parts.get(p);
      switch (text(part, "type")) {
        case "text" -> out.add(obj().put("text", text(part, "text")).node());
        case "image_url" -> {
          String url = text(part.get("image_url"), "url");
          int semicolon = url.indexOf(';');
          int comma = url.indexOf(',');
          if (!url.startsWith("data:") || semicolon < 0 || comma < semicolon) {
            throw new GatewayException(
                400,
                field
                    + "["
                    + p
                    + "].image_url.url: Gemini takes images inline: send a base64 data URL");
          }
          out.add(
              obj()
                  .put(
                      "inlineData",
                      obj()
                          .put("mimeType", url.substring(5, semicolon))
                          .put("data", url.substring(comma + 1))
                          .node())
                  .node());
        }
        default ->
            throw new GatewayException(
                400,
                field + "[" + p + "].type: " + text(part, "type") + " does not convert to Gemini");
      }
    }
    return out;
  }

  private static List<JsonNode> textParts(JsonNode content, String field) {
    List<JsonNode> out = new ArrayList<>();
    String text = content == null || content.isNull() ? "" : joined(content, field);
    if (!text.isEmpty()) {
      out.add(obj().put("text", text).node());
    }
    return out;
  }

  private static String joined(JsonNode content, String field) {
    if (content == null || content.isNull()) {
      return "";
    }
    if (content.isString()) {
      return content.getStringValue();
    }
    StringBuilder out = new StringBuilder();
    List<JsonNode> parts = items(content);
    for (int p = 0; p < parts.size(); p++) {
      if (!text(parts.get(p), "type").equals("text")) {
        throw new GatewayException(400, field + "[" + p + "].type: only text is allowed here");
      }
      out.append(text(parts.get(p), "text"));
    }
    return out.toString();
  }

  private static JsonNode object(String arguments, JsonMapper json, String field) {
    try {
      JsonNode node =
          arguments.isBlank() ? obj().node() : json.readValue(arguments, JsonNode.class);
      if (node != null && node.isObject()) {
        return node;
      }
    } catch (IOException | RuntimeException e) {
      // falls through to the refusal
    }
    throw new GatewayException(400, field + ": must be a JSON object");
  }

  private static void copy(JsonNode from, String field, JsonBuild.Obj to, String as) {
    JsonNode v = from.get(field);
    if (v != null && v.isNumber()) {
      to.put(as, v);
    }
  }
}
