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
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * An OpenAI Chat Completions request as an Anthropic Messages request (upstream-dialects §5):
 * system and developer messages become {@code system}; user content parts become text and image
 * blocks (a {@code data:} URL as base64, any other URL as a URL source); an assistant's {@code
 * tool_calls} become {@code tool_use} blocks and {@code tool} messages {@code tool_result} blocks,
 * consecutive messages of one role joined into one turn; tools, {@code tool_choice} (with {@code
 * parallel_tool_calls: false} as {@code disable_parallel_tool_use}), {@code stop}, {@code
 * temperature}, {@code top_p} and {@code user} (as {@code metadata.user_id}) carried over. {@code
 * max_tokens} is required by Messages: {@code max_completion_tokens} or {@code max_tokens}, else
 * {@link #DEFAULT_MAX_TOKENS}. A parameter Messages cannot honour is refused with a 400 naming it,
 * unless OpenAI documents it as a hint without effect on the answer ({@code store}, {@code
 * metadata}, {@code service_tier}, {@code seed}, {@code stream_options} — the last read here).
 */
final class ChatRequests {
  static final long DEFAULT_MAX_TOKENS = 4_096;
  private static final Set<String> REFUSED =
      Set.of(
          "logprobs",
          "top_logprobs",
          "logit_bias",
          "presence_penalty",
          "frequency_penalty",
          "audio",
          "modalities",
          "prediction",
          "web_search_options",
          "functions",
          "function_call");

  private ChatRequests() {}

  static byte[] toMessages(JsonNode chat, JsonMapper json) {
    for (String field : REFUSED) {
      JsonNode v = chat.get(field);
      if (v != null && !v.isNull() && !(v.isBoolean() && !v.getBooleanValue())) {
        throw unsupported(field);
      }
    }
    JsonNode n = chat.get("n");
    if (n != null && n.isNumber() && n.getNumberValue().intValue() != 1) {
      throw new GatewayException(400, "n: Anthropic models answer with one choice; send n: 1");
    }
    JsonNode format = chat.get("response_format");
    if (format != null && !text(format, "type").equals("text")) {
      throw unsupported("response_format");
    }
    JsonBuild.Obj out = obj().put("model", text(chat, "model"));
    List<JsonNode> system = new ArrayList<>();
    JsonBuild.Turns turns = new JsonBuild.Turns("content");
    List<JsonNode> messages = items(chat.get("messages"));
    if (messages.isEmpty()) {
      throw new GatewayException(400, "messages: at least one message is required");
    }
    for (int i = 0; i < messages.size(); i++) {
      JsonNode m = messages.get(i);
      String from = text(m, "role");
      if (from.equals("system") || from.equals("developer")) {
        system.addAll(textBlocks(m.get("content"), "messages[" + i + "].content"));
        continue;
      }
      String as;
      List<JsonNode> blocks;
      switch (from) {
        case "user" -> {
          as = "user";
          blocks = userBlocks(m.get("content"), "messages[" + i + "].content");
        }
        case "assistant" -> {
          as = "assistant";
          blocks = assistantBlocks(m, i, json);
        }
        case "tool" -> {
          as = "user";
          blocks =
              List.of(
                  obj()
                      .put("type", "tool_result")
                      .put("tool_use_id", text(m, "tool_call_id"))
                      .put(
                          "content",
                          arr(textBlocks(m.get("content"), "messages[" + i + "].content")))
                      .node());
        }
        default ->
            throw new GatewayException(
                400, "messages[" + i + "].role: " + from + " is not a Chat Completions role");
      }
      turns.add(as, blocks);
    }
    if (!system.isEmpty()) {
      out.put("system", arr(system));
    }
    out.put("messages", arr(turns.nodes()));
    Reasoning.think(
        out, maxTokens(chat), Reasoning.budget(text(chat, "reasoning_effort"), "reasoning_effort"));
    copy(chat, "temperature", out);
    copy(chat, "top_p", out);
    JsonNode stop = chat.get("stop");
    if (stop != null && stop.isString()) {
      out.put("stop_sequences", arr(List.of(stop)));
    } else if (stop != null && stop.isArray()) {
      out.put("stop_sequences", stop);
    }
    JsonNode stream = chat.get("stream");
    if (stream != null && stream.isBoolean()) {
      out.put("stream", stream.getBooleanValue());
    }
    String user = text(chat, "user");
    if (!user.isEmpty()) {
      out.put("metadata", obj().put("user_id", user).node());
    }
    tools(chat, out);
    try {
      return json.writeValueAsBytes(out.node());
    } catch (IOException e) {
      throw new GatewayException(400, "the request could not be converted");
    }
  }

  private static long maxTokens(JsonNode chat) {
    for (String field : List.of("max_completion_tokens", "max_tokens")) {
      JsonNode v = chat.get(field);
      if (v != null && v.isNumber()) {
        if (v.getNumberValue().longValue() < 1) {
          throw new GatewayException(400, field + ": must be at least 1");
        }
        return v.getNumberValue().longValue();
      }
    }
    return DEFAULT_MAX_TOKENS;
  }

  private static void tools(JsonNode chat, JsonBuild.Obj out) {
    List<JsonNode> tools = new ArrayList<>();
    for (JsonNode t : items(chat.get("tools"))) {
      if (!text(t, "type").equals("function")) {
        throw new GatewayException(
            400, "tools: only function tools convert to Anthropic (got " + text(t, "type") + ")");
      }
      JsonNode f = t.get("function");
      JsonNode schema = f == null ? null : f.get("parameters");
      tools.add(
          obj()
              .put("name", text(f, "name"))
              .put(
                  "description",
                  f != null && f.get("description") != null ? f.get("description") : null)
              .put(
                  "input_schema",
                  schema != null && schema.isObject() ? schema : obj().put("type", "object").node())
              .node());
    }
    if (!tools.isEmpty()) {
      out.put("tools", arr(tools));
    }
    JsonNode choice = chat.get("tool_choice");
    JsonNode named = choice != null && choice.isObject() ? choice.get("function") : null;
    toolChoice(choice, text(named, "name"), chat.get("parallel_tool_calls"), !tools.isEmpty(), out);
  }

  /**
   * OpenAI's {@code tool_choice} (auto, none, required, or a named function whose name is {@code
   * named}) and {@code parallel_tool_calls} as Anthropic's {@code tool_choice}; shared by the Chat
   * and Responses conversions.
   */
  static void toolChoice(
      @Nullable JsonNode choice,
      String named,
      @Nullable JsonNode parallel,
      boolean hasTools,
      JsonBuild.Obj out) {
    boolean serial = parallel != null && parallel.isBoolean() && !parallel.getBooleanValue();
    if (choice == null && !serial) {
      return;
    }
    JsonBuild.Obj c = obj();
    if (choice == null || (choice.isString() && choice.getStringValue().equals("auto"))) {
      c.put("type", "auto");
    } else if (choice.isString() && choice.getStringValue().equals("none")) {
      c.put("type", "none");
    } else if (choice.isString() && choice.getStringValue().equals("required")) {
      c.put("type", "any");
    } else if (choice.isObject() && text(choice, "type").equals("function")) {
      c.put("type", "tool").put("name", named);
    } else {
      throw new GatewayException(400, "tool_choice: " + choice + " does not convert to Anthropic");
    }
    if (serial && !text(c.node(), "type").equals("none")) {
      c.put("disable_parallel_tool_use", true);
    }
    if (hasTools || text(c.node(), "type").equals("none")) {
      out.put("tool_choice", c.node());
    }
  }

  private static List<JsonNode> assistantBlocks(JsonNode m, int i, JsonMapper json) {
    List<JsonNode> blocks = new ArrayList<>();
    JsonNode content = m.get("content");
    if (content != null && !content.isNull()) {
      blocks.addAll(textBlocks(content, "messages[" + i + "].content"));
    }
    List<JsonNode> calls = items(m.get("tool_calls"));
    for (int c = 0; c < calls.size(); c++) {
      JsonNode call = calls.get(c);
      JsonNode f = call.get("function");
      String arguments = text(f, "arguments");
      JsonNode input;
      try {
        input = arguments.isBlank() ? obj().node() : json.readValue(arguments, JsonNode.class);
      } catch (IOException | RuntimeException e) {
        input = null;
      }
      if (input == null || !input.isObject()) {
        throw new GatewayException(
            400,
            "messages[" + i + "].tool_calls[" + c + "].function.arguments: must be a JSON object");
      }
      blocks.add(
          obj()
              .put("type", "tool_use")
              .put("id", text(call, "id"))
              .put("name", text(f, "name"))
              .put("input", input)
              .node());
    }
    return blocks;
  }

  private static List<JsonNode> userBlocks(JsonNode content, String field) {
    if (content == null || content.isString()) {
      return textBlocks(content, field);
    }
    List<JsonNode> blocks = new ArrayList<>();
    List<JsonNode> parts = items(content);
    for (int p = 0; p < parts.size(); p++) {
      JsonNode part = parts.get(p);
      switch (text(part, "type")) {
        case "text" -> blocks.add(obj().put("type", "text").put("text", text(part, "text")).node());
        case "image_url" ->
            blocks.add(image(text(part.get("image_url"), "url"), field + "[" + p + "]"));
        default ->
            throw new GatewayException(
                400,
                field
                    + "["
                    + p
                    + "].type: "
                    + text(part, "type")
                    + " does not convert to Anthropic");
      }
    }
    return blocks;
  }

  /** An image URL (a base64 {@code data:} URL or http(s)) as an Anthropic image block. */
  static JsonNode image(String url, String field) {
    if (url.startsWith("data:")) {
      int semicolon = url.indexOf(';');
      int comma = url.indexOf(',');
      if (semicolon < 0
          || comma < semicolon
          || !url.substring(semicolon, comma).equals(";base64")) {
        throw new GatewayException(400, field + ".image_url.url: a data URL must be base64");
      }
      return obj()
          .put("type", "image")
          .put(
              "source",
              obj()
                  .put("type", "base64")
                  .put("media_type", url.substring(5, semicolon))
                  .put("data", url.substring(comma + 1))
                  .node())
          .node();
    }
    if (!url.startsWith("https://") && !url.startsWith("http://")) {
      throw new GatewayException(400, field + ".image_url.url: must be an http(s) or data URL");
    }
    return obj()
        .put("type", "image")
        .put("source", obj().put("type", "url").put("url", url).node())
        .node();
  }

  /** Text content (a string, or text parts) as text blocks. */
  private static List<JsonNode> textBlocks(JsonNode content, String field) {
    List<JsonNode> blocks = new ArrayList<>();
    if (content == null || content.isNull()) {
      return blocks;
    }
    if (content.isString()) {
      if (!content.getStringValue().isEmpty()) {
        blocks.add(obj().put("type", "text").put("text", content.getStringValue()).node());
      }
      return blocks;
    }
    List<JsonNode> parts = items(content);
    for (int p = 0; p < parts.size(); p++) {
      JsonNode part = parts.get(p);
      if (!text(part, "type").equals("text")) {
        throw new GatewayException(400, field + "[" + p + "].type: only text is allowed here");
      }
      blocks.add(obj().put("type", "text").put("text", text(part, "text")).node());
    }
    return blocks;
  }

  private static void copy(JsonNode from, String field, JsonBuild.Obj to) {
    JsonNode v = from.get(field);
    if (v != null && v.isNumber()) {
      to.put(field, v);
    }
  }

  private static GatewayException unsupported(String field) {
    return new GatewayException(
        400, field + ": not supported when an Anthropic account serves a Chat Completions request");
  }
}
