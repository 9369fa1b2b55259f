package io.subgate.gateway.translate;

import static io.subgate.gateway.translate.JsonBuild.arr;
import static io.subgate.gateway.translate.JsonBuild.items;
import static io.subgate.gateway.translate.JsonBuild.number;
import static io.subgate.gateway.translate.JsonBuild.obj;
import static io.subgate.gateway.translate.JsonBuild.text;

import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import io.subgate.gateway.protocol.ProxyRequest;
import io.subgate.gateway.protocol.Route;
import io.subgate.gateway.relay.SseEvent;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * An Anthropic Messages client served by an OpenAI Chat Completions upstream (API-key accounts):
 * the request through {@link MessagesRequests}; a chat completion as a message (text and {@code
 * tool_calls} as {@code tool_use} blocks, the finish reason as {@code stop_reason}, usage with the
 * cached prompt tokens as {@code cache_read_input_tokens}); a stream of chunks as Messages events,
 * event by event ({@code message_start} on the first chunk, a text block or a {@code tool_use}
 * block opened as its first delta arrives and closed when the next begins, {@code
 * input_json_delta}s for tool arguments, {@code message_delta} with the stop reason and usage,
 * {@code message_stop} at {@code [DONE]}); an error in Anthropic's shape. One instance per answer.
 */
final class MessagesOverChat extends MessagesAnswer {
  private static final Map<String, String> STOP =
      Map.of(
          "stop", "end_turn",
          "length", "max_tokens",
          "tool_calls", "tool_use",
          "function_call", "tool_use",
          "content_filter", "refusal");

  private final Map<Long, Integer> toolBlocks = new HashMap<>();

  MessagesOverChat(JsonMapper json) {
    super(json);
  }

  @Override
  protected Route upstreamRoute(ProxyRequest client) {
    return Route.CHAT_COMPLETIONS;
  }

  @Override
  protected byte[] convert(ProxyRequest client) {
    model = client.clientModel();
    return MessagesRequests.toChat(client.json(), json);
  }

  @Override
  public byte[] body(byte[] upstreamBody) {
    JsonNode c = read(upstreamBody);
    if (c == null) {
      return upstreamBody;
    }
    if (c.get("error") != null) {
      return write(error(c.get("error")));
    }
    List<JsonNode> choices = items(c.get("choices"));
    if (choices.isEmpty()) {
      return upstreamBody;
    }
    JsonNode message = choices.get(0).get("message");
    List<JsonNode> content = new ArrayList<>();
    String text = text(message, "content");
    if (!text.isEmpty()) {
      content.add(obj().put("type", "text").put("text", text).node());
    }
    for (JsonNode call : items(message == null ? null : message.get("tool_calls"))) {
      JsonNode f = call.get("function");
      content.add(
          obj()
              .put("type", "tool_use")
              .put("id", text(call, "id"))
              .put("name", text(f, "name"))
              .put("input", arguments(text(f, "arguments")))
              .node());
    }
    readUsage(c.get("usage"));
    return write(
        obj()
            .put("id", "msg_" + text(c, "id"))
            .put("type", "message")
            .put("role", "assistant")
            .put("model", model)
            .put("content", arr(content))
            .put("stop_reason", stop(text(choices.get(0), "finish_reason")))
            .putNull("stop_sequence")
            .put("usage", usage())
            .node());
  }

  @Override
  public List<byte[]> event(SseEvent event) {
    String data = event.data().trim();
    List<byte[]> out = new ArrayList<>();
    if (data.equals("[DONE]")) {
      finish(out);
      return out;
    }
    JsonNode chunk = read(data);
    if (chunk == null) {
      return out;
    }
    if (chunk.get("error") != null) {
      out.add(frame("error", error(chunk.get("error"))));
      return out;
    }
    readUsage(chunk.get("usage"));
    List<JsonNode> choices = items(chunk.get("choices"));
    if (choices.isEmpty()) {
      return out;
    }
    start(out, "msg_" + text(chunk, "id"));
    JsonNode choice = choices.get(0);
    JsonNode delta = choice.get("delta");
    appendText(out, text(delta, "content"));
    for (JsonNode call : items(delta == null ? null : delta.get("tool_calls"))) {
      long index = number(call, "index");
      JsonNode f = call.get("function");
      Integer block = toolBlocks.get(index);
      if (block == null) {
        block = openTool(out, text(call, "id"), text(f, "name"));
        toolBlocks.put(index, block);
      }
      toolArguments(out, block, text(f, "arguments"));
    }
    String finish = text(choice, "finish_reason");
    if (!finish.isEmpty()) {
      stopReason = stop(finish);
      closeBlock(out);
    }
    return out;
  }

  private JsonNode arguments(String arguments) {
    try {
      JsonNode input = arguments.isBlank() ? null : json.readValue(arguments, JsonNode.class);
      return input != null && input.isObject() ? input : obj().node();
    } catch (IOException | RuntimeException e) {
      return obj().node();
    }
  }

  private void readUsage(@Nullable JsonNode usage) {
    if (usage == null || !usage.isObject()) {
      return;
    }
    cached = number(usage.get("prompt_tokens_details"), "cached_tokens");
    input = Math.max(0, number(usage, "prompt_tokens") - cached);
    output = number(usage, "completion_tokens");
  }

  private static String stop(String finishReason) {
    return STOP.getOrDefault(finishReason, "end_turn");
  }

  /** OpenAI's error object in Anthropic's shape. */
  private static JsonNode error(@Nullable JsonNode openAi) {
    return error(text(openAi, "type"), text(openAi, "message"));
  }
}
