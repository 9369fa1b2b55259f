package io.subgate.gateway.translate;

import static io.subgate.gateway.translate.JsonBuild.arr;
import static io.subgate.gateway.translate.JsonBuild.items;
import static io.subgate.gateway.translate.JsonBuild.number;
import static io.subgate.gateway.translate.JsonBuild.obj;
import static io.subgate.gateway.translate.JsonBuild.text;

import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import io.subgate.gateway.protocol.GeminiNative;
import io.subgate.gateway.protocol.ProxyRequest;
import io.subgate.gateway.protocol.Route;
import io.subgate.gateway.relay.SseEvent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A Gemini client ({@code generateContent}, {@code streamGenerateContent}) served by Anthropic
 * Messages: the request through {@link GeminiMessagesRequests}; a message as a {@code
 * GenerateContentResponse} (text blocks as {@code text} parts, {@code tool_use} as {@code
 * functionCall} with its id, thinking as thought parts when the client asked for them ({@code
 * includeThoughts}), {@code stop_reason} as {@code finishReason}, usage as {@code usageMetadata}
 * with cache reads as {@code cachedContentTokenCount}); a stream event by event as Gemini's chunks
 * (a chunk per text delta, one per tool call once its arguments are complete, the last with the
 * finish reason and usage); Anthropic's error in Google's shape. One instance per answer.
 */
final class GeminiOverMessages extends Conversion {
  private static final Map<String, String> FINISH =
      Map.of(
          "end_turn", "STOP",
          "stop_sequence", "STOP",
          "tool_use", "STOP",
          "pause_turn", "STOP",
          "max_tokens", "MAX_TOKENS",
          "refusal", "SAFETY");
  private static final Map<String, Integer> STATUS =
      Map.of(
          "invalid_request_error", 400,
          "authentication_error", 401,
          "permission_error", 403,
          "not_found_error", 404,
          "request_too_large", 413,
          "rate_limit_error", 429,
          "overloaded_error", 503);

  private final FromAnthropic figures = new FromAnthropic();
  private final Map<Long, String[]> calls = new HashMap<>();
  private final Map<Long, StringBuilder> arguments = new HashMap<>();
  private String model = "";
  private String id = "";
  private boolean thoughts;

  GeminiOverMessages(JsonMapper json) {
    super(json);
  }

  @Override
  protected Route upstreamRoute(ProxyRequest client) {
    return Route.MESSAGES;
  }

  @Override
  protected byte[] convert(ProxyRequest client) {
    model = client.clientModel();
    JsonNode config = client.json().get("generationConfig");
    JsonNode include = config == null ? null : config.get("thinkingConfig");
    include = include == null ? null : include.get("includeThoughts");
    thoughts = include != null && include.isBoolean() && include.getBooleanValue();
    return GeminiMessagesRequests.toMessages(client.json(), client.model(), client.stream(), json);
  }

  @Override
  public byte[] body(byte[] upstreamBody) {
    JsonNode m = read(upstreamBody);
    if (m == null) {
      return upstreamBody;
    }
    if (m.get("error") != null) {
      return error(m.get("error"));
    }
    List<JsonNode> parts = new ArrayList<>();
    for (JsonNode block : items(m.get("content"))) {
      switch (text(block, "type")) {
        case "text" -> parts.add(obj().put("text", text(block, "text")).node());
        case "tool_use" ->
            parts.add(
                obj()
                    .put(
                        "functionCall",
                        obj()
                            .put("id", text(block, "id"))
                            .put("name", text(block, "name"))
                            .put("args", block.get("input"))
                            .node())
                    .node());
        case "thinking" -> {
          if (thoughts) {
            parts.add(obj().put("text", text(block, "thinking")).put("thought", true).node());
          }
        }
        default -> {} // redacted thinking: Anthropic's own, encrypted
      }
    }
    figures.readUsage(m.get("usage"));
    id = text(m, "id");
    return write(chunk(parts, finish(text(m, "stop_reason")), true));
  }

  @Override
  public List<byte[]> event(SseEvent event) {
    JsonNode e = event.data().isEmpty() ? null : read(event.data());
    if (e == null) {
      return List.of();
    }
    switch (text(e, "type")) {
      case "message_start" -> {
        JsonNode message = e.get("message");
        id = text(message, "id");
        figures.readUsage(message == null ? null : message.get("usage"));
        return List.of();
      }
      case "content_block_start" -> {
        JsonNode block = e.get("content_block");
        if (text(block, "type").equals("tool_use")) {
          long index = number(e, "index");
          calls.put(index, new String[] {text(block, "id"), text(block, "name")});
          arguments.put(index, new StringBuilder());
        }
        return List.of();
      }
      case "content_block_delta" -> {
        JsonNode delta = e.get("delta");
        switch (text(delta, "type")) {
          case "text_delta" -> {
            return List.of(textChunk(text(delta, "text")));
          }
          case "thinking_delta" -> {
            return thoughts
                ? List.of(
                    frame(
                        chunk(
                            List.of(
                                obj()
                                    .put("text", text(delta, "thinking"))
                                    .put("thought", true)
                                    .node()),
                            null,
                            false)))
                : List.of();
          }
          case "input_json_delta" -> {
            StringBuilder args = arguments.get(number(e, "index"));
            if (args != null) {
              args.append(text(delta, "partial_json"));
            }
            return List.of();
          }
          default -> {
            return List.of();
          }
        }
      }
      case "content_block_stop" -> {
        long index = number(e, "index");
        String[] call = calls.remove(index);
        StringBuilder args = arguments.remove(index);
        if (call == null || args == null) {
          return List.of();
        }
        JsonNode parsed = args.length() == 0 ? null : read(args.toString());
        JsonNode part =
            obj()
                .put(
                    "functionCall",
                    obj()
                        .put("id", call[0])
                        .put("name", call[1])
                        .put("args", parsed == null ? obj().node() : parsed)
                        .node())
                .node();
        return List.of(frame(chunk(List.of(part), null, false)));
      }
      case "message_delta" -> {
        figures.readUsage(e.get("usage"));
        String reason = finish(text(e.get("delta"), "stop_reason"));
        return List.of(frame(chunk(List.of(obj().put("text", "").node()), reason, true)));
      }
      case "error" -> {
        return List.of(JsonText.sse(null, error(e.get("error"))));
      }
      default -> {
        return List.of();
      }
    }
  }

  private static String finish(String stopReason) {
    return FINISH.getOrDefault(stopReason, stopReason.isEmpty() ? "STOP" : "OTHER");
  }

  /** A response (or stream chunk) of one candidate with {@code parts}. */
  private JsonNode chunk(List<JsonNode> parts, @Nullable String finishReason, boolean withUsage) {
    JsonBuild.Obj candidate =
        obj().put("content", obj().put("role", "model").put("parts", arr(parts)).node());
    if (finishReason != null) {
      candidate.put("finishReason", finishReason);
    }
    candidate.put("index", 0);
    JsonBuild.Obj out = obj().put("candidates", arr(List.of(candidate.node())));
    if (withUsage) {
      long prompt = figures.prompt();
      JsonBuild.Obj usage =
          obj()
              .put("promptTokenCount", prompt)
              .put("candidatesTokenCount", figures.output)
              .put("totalTokenCount", prompt + figures.output);
      if (figures.cacheRead > 0) {
        usage.put("cachedContentTokenCount", figures.cacheRead);
      }
      out.put("usageMetadata", usage.node());
    }
    return out.put("modelVersion", model).put("responseId", id).node();
  }

  /** A chunk of text: the chunk sent for most upstream events, written by hand. */
  private byte[] textChunk(String text) {
    StringBuilder data =
        new StringBuilder(text.length() + 128)
            .append("{\"candidates\":[{\"content\":{\"role\":\"model\",\"parts\":[{\"text\":");
    JsonText.quote(data, text).append("}]},\"index\":0}],\"modelVersion\":");
    JsonText.quote(data, model).append(",\"responseId\":");
    JsonText.quote(data, id).append('}');
    return JsonText.sse(null, data);
  }

  private byte[] frame(JsonNode chunk) {
    return JsonText.sse(null, write(chunk));
  }

  /** Anthropic's error object in Google's shape, with the status its type stands for. */
  private byte[] error(@Nullable JsonNode anthropic) {
    String type = text(anthropic, "type");
    return GeminiNative.INSTANCE.errorBody(
        json, STATUS.getOrDefault(type, 500), text(anthropic, "message"));
  }
}
