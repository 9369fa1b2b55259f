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

/**
 * An OpenAI Responses request as an Anthropic Messages request (upstream-dialects §5): {@code
 * instructions} and system or developer messages become {@code system}; input text and image parts
 * become text and image blocks; {@code function_call} items become {@code tool_use} blocks and
 * {@code function_call_output} items {@code tool_result} blocks (their {@code call_id} as the tool
 * use id), consecutive turns of one role joined; reasoning items are left out; function tools,
 * {@code tool_choice}, {@code parallel_tool_calls}, {@code max_output_tokens} (4 096 when absent),
 * {@code temperature} and {@code top_p} carried over; {@code reasoning.effort} becomes a thinking
 * budget ({@link Reasoning}); {@code store} is ignored (nothing is kept). Refused with a 400 naming
 * it: what needs a stored response or a tool Messages lacks ({@code previous_response_id}, {@code
 * conversation}, built-in tools, {@code text.format} other than text).
 */
final class ResponsesRequests {
  private static final Set<String> REFUSED =
      Set.of("previous_response_id", "conversation", "prompt", "background");

  private ResponsesRequests() {}

  static byte[] toMessages(JsonNode r, JsonMapper json) {
    for (String field : REFUSED) {
      JsonNode v = r.get(field);
      if (v != null && !v.isNull()) {
        throw new GatewayException(
            400, field + ": not supported when an Anthropic account serves a Responses request");
      }
    }
    JsonNode format = r.get("text") == null ? null : r.get("text").get("format");
    if (format != null && !text(format, "type").equals("text")) {
      throw new GatewayException(400, "text.format: only plain text converts to Anthropic");
    }
    List<JsonNode> system = new ArrayList<>();
    String instructions = text(r, "instructions");
    if (!instructions.isEmpty()) {
      system.add(obj().put("type", "text").put("text", instructions).node());
    }
    JsonBuild.Turns turns = new JsonBuild.Turns("content");
    JsonNode input = r.get("input");
    if (input != null && input.isString()) {
      turns.add(
          "user", List.of(obj().put("type", "text").put("text", input.getStringValue()).node()));
    }
    List<JsonNode> inputItems = items(input);
    for (int i = 0; i < inputItems.size(); i++) {
      JsonNode item = inputItems.get(i);
      String at = "input[" + i + "]";
      String type = text(item, "type");
      if (type.isEmpty() || type.equals("message")) {
        String role = text(item, "role");
        List<JsonNode> blocks = blocks(item.get("content"), at + ".content");
        switch (role) {
          case "system", "developer" -> system.addAll(blocks);
          case "user" -> turns.add("user", blocks);
          case "assistant" -> turns.add("assistant", blocks);
          default ->
              throw new GatewayException(400, at + ".role: " + role + " is not a Responses role");
        }
      } else if (type.equals("function_call")) {
        JsonNode arguments;
        try {
          String raw = text(item, "arguments");
          arguments = raw.isBlank() ? obj().node() : json.readValue(raw, JsonNode.class);
        } catch (IOException | RuntimeException e) {
          arguments = null;
        }
        if (arguments == null || !arguments.isObject()) {
          throw new GatewayException(400, at + ".arguments: must be a JSON object");
        }
        turns.add(
            "assistant",
            List.of(
                obj()
                    .put("type", "tool_use")
                    .put("id", text(item, "call_id"))
                    .put("name", text(item, "name"))
                    .put("input", arguments)
                    .node()));
      } else if (type.equals("function_call_output")) {
        JsonNode output = item.get("output");
        String out =
            output != null && output.isString() ? output.getStringValue() : String.valueOf(output);
        turns.add(
            "user",
            List.of(
                obj()
                    .put("type", "tool_result")
                    .put("tool_use_id", text(item, "call_id"))
                    .put("content", out)
                    .node()));
      } else if (!type.equals("reasoning")) {
        throw new GatewayException(400, at + ".type: " + type + " does not convert to Anthropic");
      }
    }
    List<JsonNode> messages = turns.nodes();
    if (messages.isEmpty()) {
      throw new GatewayException(400, "input: at least one message is required");
    }
    JsonBuild.Obj out = obj().put("model", text(r, "model"));
    if (!system.isEmpty()) {
      out.put("system", arr(system));
    }
    out.put("messages", arr(messages));
    JsonNode max = r.get("max_output_tokens");
    Reasoning.think(
        out,
        max != null && max.isNumber() ? max.getLongValue() : ChatRequests.DEFAULT_MAX_TOKENS,
        Reasoning.budget(text(r.get("reasoning"), "effort"), "reasoning.effort"));
    for (String f : List.of("temperature", "top_p")) {
      JsonNode v = r.get(f);
      if (v != null && v.isNumber()) {
        out.put(f, v);
      }
    }
    JsonNode stream = r.get("stream");
    if (stream != null && stream.isBoolean()) {
      out.put("stream", stream.getBooleanValue());
    }
    tools(r, out);
    try {
      return json.writeValueAsBytes(out.node());
    } catch (IOException e) {
      throw new GatewayException(400, "the request could not be converted");
    }
  }

  private static List<JsonNode> blocks(JsonNode content, String field) {
    List<JsonNode> out = new ArrayList<>();
    if (content != null && content.isString()) {
      out.add(obj().put("type", "text").put("text", content.getStringValue()).node());
      return out;
    }
    List<JsonNode> parts = items(content);
    for (int p = 0; p < parts.size(); p++) {
      JsonNode part = parts.get(p);
      switch (text(part, "type")) {
        case "input_text", "output_text" ->
            out.add(obj().put("type", "text").put("text", text(part, "text")).node());
        case "input_image" ->
            out.add(ChatRequests.image(text(part, "image_url"), field + "[" + p + "]"));
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
    return out;
  }

  private static void tools(JsonNode r, JsonBuild.Obj out) {
    List<JsonNode> tools = new ArrayList<>();
    List<JsonNode> given = items(r.get("tools"));
    for (int i = 0; i < given.size(); i++) {
      JsonNode t = given.get(i);
      if (!text(t, "type").equals("function")) {
        throw new GatewayException(
            400,
            "tools[" + i + "].type: " + text(t, "type") + " is a built-in tool Anthropic lacks");
      }
      JsonNode schema = t.get("parameters");
      tools.add(
          obj()
              .put("name", text(t, "name"))
              .put("description", t.get("description"))
              .put(
                  "input_schema",
                  schema != null && schema.isObject() ? schema : obj().put("type", "object").node())
              .node());
    }
    if (!tools.isEmpty()) {
      out.put("tools", arr(tools));
    }
    JsonNode choice = r.get("tool_choice");
    ChatRequests.toolChoice(
        choice, text(choice, "name"), r.get("parallel_tool_calls"), !tools.isEmpty(), out);
  }
}
