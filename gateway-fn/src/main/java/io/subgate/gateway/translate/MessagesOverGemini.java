package io.subgate.gateway.translate;

import static io.subgate.gateway.translate.GeminiParts.candidate;
import static io.subgate.gateway.translate.GeminiParts.parts;
import static io.subgate.gateway.translate.GeminiParts.thought;
import static io.subgate.gateway.translate.JsonBuild.arr;
import static io.subgate.gateway.translate.JsonBuild.number;
import static io.subgate.gateway.translate.JsonBuild.obj;
import static io.subgate.gateway.translate.JsonBuild.text;

import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import io.subgate.gateway.protocol.ProxyRequest;
import io.subgate.gateway.protocol.Route;
import io.subgate.gateway.relay.SseEvent;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * An Anthropic Messages client served by Gemini API keys: the request through {@link
 * MessagesGeminiRequests}; a response as a message (text parts as a text block, thought summaries
 * as a thinking block with an empty signature, {@code functionCall} parts as {@code tool_use}
 * blocks with ids of our own, the finish reason as {@code stop_reason} — {@code tool_use} when it
 * called functions —, usage with the cached tokens as cache reads); a stream chunk by chunk as
 * Messages events, ending with the chunk that carries the finish reason; Google's error in
 * Anthropic's shape. One instance per answer.
 */
final class MessagesOverGemini extends MessagesAnswer {
  private static final Map<String, String> STOP =
      Map.of(
          "STOP", "end_turn",
          "MAX_TOKENS", "max_tokens",
          "SAFETY", "refusal",
          "RECITATION", "refusal",
          "BLOCKLIST", "refusal",
          "PROHIBITED_CONTENT", "refusal",
          "SPII", "refusal");

  private int calls;

  MessagesOverGemini(JsonMapper json) {
    super(json);
  }

  @Override
  protected Route upstreamRoute(ProxyRequest client) {
    return client.stream() ? Route.GEMINI_STREAM : Route.GEMINI_GENERATE;
  }

  @Override
  protected byte[] convert(ProxyRequest client) {
    model = client.clientModel();
    return MessagesGeminiRequests.toGemini(client.json(), json);
  }

  @Override
  public byte[] body(byte[] upstreamBody) {
    JsonNode r = read(upstreamBody);
    if (r == null) {
      return upstreamBody;
    }
    if (r.get("error") != null) {
      return write(error(r.get("error")));
    }
    JsonNode candidate = candidate(r);
    List<JsonNode> content = new ArrayList<>();
    StringBuilder text = new StringBuilder();
    StringBuilder thinking = new StringBuilder();
    boolean called = false;
    for (JsonNode part : parts(candidate)) {
      JsonNode call = part.get("functionCall");
      if (call != null) {
        called = true;
        content.add(
            obj()
                .put("type", "tool_use")
                .put("id", "toolu_" + calls++)
                .put("name", text(call, "name"))
                .put("input", call.get("args") == null ? obj().node() : call.get("args"))
                .node());
      } else if (thought(part)) {
        thinking.append(text(part, "text"));
      } else {
        text.append(text(part, "text"));
      }
    }
    if (text.length() > 0) {
      content.add(0, obj().put("type", "text").put("text", text.toString()).node());
    }
    if (thinking.length() > 0) {
      content.add(
          0,
          obj()
              .put("type", "thinking")
              .put("thinking", thinking.toString())
              .put("signature", "")
              .node());
    }
    readUsage(r.get("usageMetadata"));
    return write(
        obj()
            .put("id", "msg_" + text(r, "responseId"))
            .put("type", "message")
            .put("role", "assistant")
            .put("model", model)
            .put("content", arr(content))
            .put("stop_reason", stop(text(candidate, "finishReason"), called))
            .putNull("stop_sequence")
            .put("usage", usage())
            .node());
  }

  @Override
  public List<byte[]> event(SseEvent event) {
    List<byte[]> out = new ArrayList<>();
    GeminiText plain = GeminiText.of(event.data());
    if (plain != null) {
      readUsage(plain.usage());
      start(out, "msg_" + plain.responseId());
      appendText(out, plain.text());
      return out;
    }
    JsonNode r = read(event.data());
    if (r == null) {
      return out;
    }
    if (r.get("error") != null) {
      out.add(frame("error", error(r.get("error"))));
      return out;
    }
    readUsage(r.get("usageMetadata"));
    start(out, "msg_" + text(r, "responseId"));
    JsonNode candidate = candidate(r);
    for (JsonNode part : parts(candidate)) {
      JsonNode call = part.get("functionCall");
      if (call != null) {
        int block = openTool(out, "toolu_" + calls++, text(call, "name"));
        toolArguments(
            out,
            block,
            new String(
                write(call.get("args") == null ? obj().node() : call.get("args")),
                StandardCharsets.UTF_8));
        closeBlock(out);
      } else if (thought(part)) {
        appendThinking(out, text(part, "text"));
      } else {
        appendText(out, text(part, "text"));
      }
    }
    String finishReason = text(candidate, "finishReason");
    if (!finishReason.isEmpty()) {
      stopReason = stop(finishReason, calls > 0);
      finish(out);
    }
    return out;
  }

  private void readUsage(@Nullable JsonNode usage) {
    if (usage == null || !usage.isObject()) {
      return;
    }
    cached = number(usage, "cachedContentTokenCount");
    input = Math.max(0, number(usage, "promptTokenCount") - cached);
    output = number(usage, "candidatesTokenCount") + number(usage, "thoughtsTokenCount");
  }

  private static String stop(String finishReason, boolean called) {
    if (called && (finishReason.isEmpty() || finishReason.equals("STOP"))) {
      return "tool_use";
    }
    return STOP.getOrDefault(finishReason, "end_turn");
  }

  /** Google's error object in Anthropic's shape. */
  private static JsonNode error(@Nullable JsonNode google) {
    String status = text(google, "status");
    String type =
        switch (status) {
          case "INVALID_ARGUMENT", "FAILED_PRECONDITION" -> "invalid_request_error";
          case "NOT_FOUND" -> "not_found_error";
          case "PERMISSION_DENIED" -> "permission_error";
          case "UNAUTHENTICATED" -> "authentication_error";
          case "RESOURCE_EXHAUSTED" -> "rate_limit_error";
          case "UNAVAILABLE" -> "overloaded_error";
          default -> "api_error";
        };
    return error(type, text(google, "message"));
  }
}
