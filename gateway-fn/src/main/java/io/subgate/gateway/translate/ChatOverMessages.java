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
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A Chat Completions client served by an Anthropic Messages upstream (API-key accounts): the
 * request through {@link ChatRequests}; a complete message as a {@code chat.completion} (text
 * joined, {@code tool_use} blocks as {@code tool_calls} with their input as the arguments string,
 * thinking left out, the stop reason as {@code finish_reason}, usage with the prompt-cache reads in
 * {@code prompt_tokens} and {@code cached_tokens}); a stream event by event as {@code
 * chat.completion.chunk}s (the role on the first, text and tool-argument deltas as they come, the
 * finish reason, usage when the client asked for it with {@code stream_options.include_usage}, then
 * {@code [DONE]}); an error in OpenAI's shape. One instance per answer.
 */
final class ChatOverMessages extends ChatAnswer {
  private final FromAnthropic figures = new FromAnthropic();
  private static final Map<String, String> FINISH =
      Map.of(
          "end_turn", "stop",
          "stop_sequence", "stop",
          "pause_turn", "stop",
          "max_tokens", "length",
          "model_context_window_exceeded", "length",
          "tool_use", "tool_calls",
          "refusal", "content_filter");

  private final Map<Long, Integer> toolIndex = new HashMap<>();

  ChatOverMessages(JsonMapper json, Clock clock) {
    super(json, clock);
  }

  @Override
  protected Route upstreamRoute(ProxyRequest client) {
    return Route.MESSAGES;
  }

  @Override
  protected byte[] convert(ProxyRequest client) {
    remember(client);
    return ChatRequests.toMessages(client.json(), json);
  }

  @Override
  public byte[] body(byte[] upstreamBody) {
    JsonNode m = read(upstreamBody);
    if (m == null) {
      return upstreamBody;
    }
    if (text(m, "type").equals("error")) {
      return write(FromAnthropic.openAiError(m.get("error")));
    }
    if (!text(m, "type").equals("message")) {
      return upstreamBody;
    }
    StringBuilder content = new StringBuilder();
    List<JsonNode> calls = new ArrayList<>();
    for (JsonNode block : items(m.get("content"))) {
      switch (text(block, "type")) {
        case "text" -> content.append(text(block, "text"));
        case "tool_use" ->
            calls.add(call(text(block, "id"), text(block, "name"), write(block.get("input"))));
        default -> {
          // thinking and redacted thinking have no place in a chat completion
        }
      }
    }
    figures.readUsage(m.get("usage"));
    return completion(
        "chatcmpl-" + text(m, "id"),
        content.toString(),
        calls,
        finish(text(m, "stop_reason")),
        usage());
  }

  @Override
  public List<byte[]> event(SseEvent event) {
    JsonNode e;
    try {
      e = event.data().isEmpty() ? null : json.readValue(event.data(), JsonNode.class);
    } catch (IOException | RuntimeException ex) {
      return List.of();
    }
    if (e == null || !e.isObject()) {
      return List.of();
    }
    switch (text(e, "type")) {
      case "message_start" -> {
        JsonNode message = e.get("message");
        id = "chatcmpl-" + text(message, "id");
        figures.readUsage(message == null ? null : message.get("usage"));
        return List.of(chunk(obj().put("role", "assistant").put("content", "").node(), null));
      }
      case "content_block_start" -> {
        JsonNode block = e.get("content_block");
        if (!text(block, "type").equals("tool_use")) {
          return List.of();
        }
        int index = toolIndex.size();
        toolIndex.put(number(e, "index"), index);
        JsonNode call =
            obj()
                .put("index", index)
                .put("id", text(block, "id"))
                .put("type", "function")
                .put("function", obj().put("name", text(block, "name")).put("arguments", "").node())
                .node();
        return List.of(chunk(obj().put("tool_calls", arr(List.of(call))).node(), null));
      }
      case "content_block_delta" -> {
        JsonNode delta = e.get("delta");
        switch (text(delta, "type")) {
          case "text_delta" -> {
            return List.of(textChunk(text(delta, "text")));
          }
          case "input_json_delta" -> {
            Integer index = toolIndex.get(number(e, "index"));
            if (index == null) {
              return List.of();
            }
            JsonNode call =
                obj()
                    .put("index", index)
                    .put("function", obj().put("arguments", text(delta, "partial_json")).node())
                    .node();
            return List.of(chunk(obj().put("tool_calls", arr(List.of(call))).node(), null));
          }
          default -> {
            return List.of();
          }
        }
      }
      case "message_delta" -> {
        figures.readUsage(e.get("usage"));
        return List.of(chunk(obj().node(), finish(text(e.get("delta"), "stop_reason"))));
      }
      case "message_stop" -> {
        List<byte[]> out = new ArrayList<>();
        end(out, usage());
        return out;
      }
      case "error" -> {
        return List.of(frame(FromAnthropic.openAiError(e.get("error"))));
      }
      default -> {
        return List.of();
      }
    }
  }

  private static JsonNode call(String id, String name, byte[] arguments) {
    return obj()
        .put("id", id)
        .put("type", "function")
        .put(
            "function",
            obj()
                .put("name", name)
                .put("arguments", new String(arguments, StandardCharsets.UTF_8))
                .node())
        .node();
  }

  private JsonNode usage() {
    long prompt = figures.prompt();
    return obj()
        .put("prompt_tokens", prompt)
        .put("completion_tokens", figures.output)
        .put("total_tokens", prompt + figures.output)
        .put("prompt_tokens_details", obj().put("cached_tokens", figures.cacheRead).node())
        .node();
  }

  private static String finish(String stopReason) {
    return FINISH.getOrDefault(stopReason, stopReason.isEmpty() ? "stop" : stopReason);
  }
}
