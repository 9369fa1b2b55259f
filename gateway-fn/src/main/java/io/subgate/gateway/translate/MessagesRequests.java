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
import java.util.List;

/**
 * An Anthropic Messages request as an OpenAI Chat Completions request (upstream-dialects §5):
 * {@code system} becomes the first message; text and image blocks become content parts (a base64
 * source as a {@code data:} URL); an assistant's {@code tool_use} blocks become {@code tool_calls}
 * (the input as the arguments string) and {@code tool_result} blocks {@code tool} messages, in
 * order; tools, {@code tool_choice} ({@code disable_parallel_tool_use} as {@code
 * parallel_tool_calls: false}), {@code stop_sequences}, {@code temperature}, {@code top_p} and
 * {@code metadata.user_id} (as {@code user}) carried over; {@code max_tokens} becomes {@code
 * max_completion_tokens}; a stream asks for its usage ({@code stream_options.include_usage}). What
 * Chat Completions cannot honour is refused with a 400 naming it: {@code top_k}, server tools,
 * document and other non-image blocks. {@code thinking} becomes {@code reasoning_effort} ({@link
 * Reasoning}); earlier turns' thinking blocks are left out.
 */
final class MessagesRequests {
  private MessagesRequests() {}

  static byte[] toChat(JsonNode m, JsonMapper json) {
    for (String field : List.of("top_k", "container", "mcp_servers")) {
      JsonNode v = m.get(field);
      if (v != null && !v.isNull()) {
        throw unsupported(field);
      }
    }
    List<JsonNode> messages = new ArrayList<>();
    JsonNode system = m.get("system");
    if (system != null && (system.isString() || system.isArray())) {
      String s = joined(system, "system");
      if (!s.isEmpty()) {
        messages.add(obj().put("role", "system").put("content", s).node());
      }
    }
    List<JsonNode> turns = items(m.get("messages"));
    for (int i = 0; i < turns.size(); i++) {
      JsonNode turn = turns.get(i);
      String role = text(turn, "role");
      String field = "messages[" + i + "].content";
      if (role.equals("assistant")) {
        messages.add(assistant(turn.get("content"), field, json));
      } else if (role.equals("user")) {
        user(turn.get("content"), field, messages);
      } else {
        throw new GatewayException(400, "messages[" + i + "].role: must be user or assistant");
      }
    }
    JsonBuild.Obj out = obj().put("model", text(m, "model")).put("messages", arr(messages));
    JsonNode max = m.get("max_tokens");
    if (max != null && max.isNumber()) {
      out.put("max_completion_tokens", max);
    }
    String effort = Reasoning.effort(m.get("thinking"));
    if (effort != null) {
      out.put("reasoning_effort", effort);
    }
    for (String f : List.of("temperature", "top_p")) {
      JsonNode v = m.get(f);
      if (v != null && v.isNumber()) {
        out.put(f, v);
      }
    }
    JsonNode stops = m.get("stop_sequences");
    if (stops != null && stops.isArray() && stops.size() > 0) {
      out.put("stop", stops);
    }
    JsonNode metadata = m.get("metadata");
    String user = text(metadata, "user_id");
    if (!user.isEmpty()) {
      out.put("user", user);
    }
    JsonNode stream = m.get("stream");
    if (stream != null && stream.isBoolean() && stream.getBooleanValue()) {
      out.put("stream", true).put("stream_options", obj().put("include_usage", true).node());
    }
    tools(m, out);
    try {
      return json.writeValueAsBytes(out.node());
    } catch (IOException e) {
      throw new GatewayException(400, "the request could not be converted");
    }
  }

  private static void tools(JsonNode m, JsonBuild.Obj out) {
    List<JsonNode> tools = new ArrayList<>();
    List<JsonNode> given = items(m.get("tools"));
    for (int i = 0; i < given.size(); i++) {
      JsonNode t = given.get(i);
      String type = text(t, "type");
      if (!type.isEmpty() && !type.equals("custom")) {
        throw new GatewayException(
            400, "tools[" + i + "].type: " + type + " is a server tool Chat Completions lacks");
      }
      JsonNode schema = t.get("input_schema");
      tools.add(
          obj()
              .put("type", "function")
              .put(
                  "function",
                  obj()
                      .put("name", text(t, "name"))
                      .put("description", t.get("description"))
                      .put(
                          "parameters",
                          schema != null && schema.isObject()
                              ? schema
                              : obj().put("type", "object").node())
                      .node())
              .node());
    }
    if (!tools.isEmpty()) {
      out.put("tools", arr(tools));
    }
    JsonNode choice = m.get("tool_choice");
    if (choice == null || !choice.isObject()) {
      return;
    }
    switch (text(choice, "type")) {
      case "auto" -> out.put("tool_choice", "auto");
      case "any" -> out.put("tool_choice", "required");
      case "none" -> out.put("tool_choice", "none");
      case "tool" ->
          out.put(
              "tool_choice",
              obj()
                  .put("type", "function")
                  .put("function", obj().put("name", text(choice, "name")).node())
                  .node());
      default ->
          throw new GatewayException(
              400, "tool_choice.type: " + text(choice, "type") + " does not convert");
    }
    JsonNode serial = choice.get("disable_parallel_tool_use");
    if (serial != null && serial.isBoolean() && serial.getBooleanValue() && !tools.isEmpty()) {
      out.put("parallel_tool_calls", false);
    }
  }

  private static JsonNode assistant(JsonNode content, String field, JsonMapper json) {
    StringBuilder text = new StringBuilder();
    List<JsonNode> calls = new ArrayList<>();
    if (content != null && content.isString()) {
      text.append(content.getStringValue());
    }
    List<JsonNode> blocks = items(content);
    for (int b = 0; b < blocks.size(); b++) {
      JsonNode block = blocks.get(b);
      switch (text(block, "type")) {
        case "text" -> text.append(text(block, "text"));
        case "tool_use" -> {
          String arguments;
          try {
            arguments =
                json.writeValueAsString(
                    block.get("input") == null ? obj().node() : block.get("input"));
          } catch (IOException e) {
            throw new GatewayException(400, field + "[" + b + "].input: must be a JSON object");
          }
          calls.add(
              obj()
                  .put("id", text(block, "id"))
                  .put("type", "function")
                  .put(
                      "function",
                      obj().put("name", text(block, "name")).put("arguments", arguments).node())
                  .node());
        }
        case "thinking", "redacted_thinking" -> {
          // An earlier turn's reasoning: Chat Completions has no place for it.
        }
        default ->
            throw new GatewayException(
                400, field + "[" + b + "].type: " + text(block, "type") + " does not convert");
      }
    }
    JsonBuild.Obj message = obj().put("role", "assistant");
    if (text.length() > 0 || calls.isEmpty()) {
      message.put("content", text.toString());
    } else {
      message.putNull("content");
    }
    if (!calls.isEmpty()) {
      message.put("tool_calls", arr(calls));
    }
    return message.node();
  }

  /** A user turn: its tool results as {@code tool} messages first, then its content, if any. */
  private static void user(JsonNode content, String field, List<JsonNode> messages) {
    if (content != null && content.isString()) {
      messages.add(obj().put("role", "user").put("content", content.getStringValue()).node());
      return;
    }
    List<JsonNode> parts = new ArrayList<>();
    List<JsonNode> blocks = items(content);
    for (int b = 0; b < blocks.size(); b++) {
      JsonNode block = blocks.get(b);
      String at = field + "[" + b + "]";
      switch (text(block, "type")) {
        case "text" -> parts.add(obj().put("type", "text").put("text", text(block, "text")).node());
        case "image" -> parts.add(image(block.get("source"), at));
        case "tool_result" -> {
          JsonNode result = block.get("content");
          String out = result == null || result.isNull() ? "" : joined(result, at + ".content");
          messages.add(
              obj()
                  .put("role", "tool")
                  .put("tool_call_id", text(block, "tool_use_id"))
                  .put("content", out)
                  .node());
        }
        default ->
            throw new GatewayException(
                400,
                at + ".type: " + text(block, "type") + " does not convert to Chat Completions");
      }
    }
    if (!parts.isEmpty()) {
      messages.add(obj().put("role", "user").put("content", arr(parts)).node());
    }
  }

  private static JsonNode image(JsonNode source, String field) {
    String url =
        switch (text(source, "type")) {
          case "base64" -> "data:" + text(source, "media_type") + ";base64," + text(source, "data");
          case "url" -> text(source, "url");
          default -> throw new GatewayException(400, field + ".source.type: must be base64 or url");
        };
    return obj().put("type", "image_url").put("image_url", obj().put("url", url).node()).node();
  }

  /** Text (a string, or text blocks) joined. */
  private static String joined(JsonNode content, String field) {
    if (content.isString()) {
      return content.getStringValue();
    }
    StringBuilder out = new StringBuilder();
    List<JsonNode> blocks = items(content);
    for (int b = 0; b < blocks.size(); b++) {
      if (!text(blocks.get(b), "type").equals("text")) {
        throw new GatewayException(400, field + "[" + b + "].type: only text converts here");
      }
      out.append(out.length() == 0 ? "" : "\n").append(text(blocks.get(b), "text"));
    }
    return out.toString();
  }

  private static GatewayException unsupported(String field) {
    return new GatewayException(
        400, field + ": not supported when an OpenAI account serves a Messages request");
  }
}
