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
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A Chat Completions client served by Gemini API keys: the request through {@link
 * ChatGeminiRequests} (to {@code :generateContent}, or {@code :streamGenerateContent?alt=sse} when
 * streamed); a response as a {@code chat.completion} (text parts joined, thought parts left out,
 * {@code functionCall} parts as {@code tool_calls} with ids of our own, the finish reason mapped —
 * {@code tool_calls} when it called functions —, {@code usageMetadata} as usage with the cached
 * tokens); a stream chunk by chunk; Google's error in OpenAI's shape. One instance per answer.
 */
final class ChatOverGemini extends ChatAnswer {
  private static final Map<String, String> FINISH =
      Map.of(
          "STOP", "stop",
          "MAX_TOKENS", "length",
          "SAFETY", "content_filter",
          "RECITATION", "content_filter",
          "BLOCKLIST", "content_filter",
          "PROHIBITED_CONTENT", "content_filter",
          "SPII", "content_filter");

  private boolean started;
  private int calls;
  private @Nullable JsonNode usage;

  ChatOverGemini(JsonMapper json, Clock clock) {
    super(json, clock);
  }

  @Override
  protected Route upstreamRoute(ProxyRequest client) {
    return client.stream() ? Route.GEMINI_STREAM : Route.GEMINI_GENERATE;
  }

  @Override
  protected byte[] convert(ProxyRequest client) {
    remember(client);
    return ChatGeminiRequests.toGemini(client.json(), json);
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
    StringBuilder text = new StringBuilder();
    List<JsonNode> toolCalls = new ArrayList<>();
    for (JsonNode part : parts(candidate)) {
      if (part.get("functionCall") != null) {
        toolCalls.add(call(part.get("functionCall"), null));
      } else if (!thought(part)) {
        text.append(text(part, "text"));
      }
    }
    usage = r.get("usageMetadata");
    return completion(
        "chatcmpl-" + text(r, "responseId"),
        text.toString(),
        toolCalls,
        finish(text(candidate, "finishReason"), !toolCalls.isEmpty()),
        usageOut());
  }

  @Override
  public void openingSent() {
    started = true;
  }

  @Override
  public List<byte[]> event(SseEvent event) {
    List<byte[]> out = new ArrayList<>();
    GeminiText plain = GeminiText.of(event.data());
    if (plain != null) {
      if (plain.usage() != null) {
        usage = plain.usage();
      }
      opening(out, plain.responseId());
      if (!plain.text().isEmpty()) {
        out.add(textChunk(plain.text()));
      }
      return out;
    }
    JsonNode r = read(event.data());
    if (r == null) {
      return out;
    }
    if (r.get("error") != null) {
      out.add(frame(error(r.get("error"))));
      return out;
    }
    if (r.get("usageMetadata") != null) {
      usage = r.get("usageMetadata");
    }
    JsonNode candidate = candidate(r);
    opening(out, text(r, "responseId"));
    boolean calledNow = false;
    for (JsonNode part : parts(candidate)) {
      if (part.get("functionCall") != null) {
        calledNow = true;
        out.add(
            chunk(
                obj().put("tool_calls", arr(List.of(call(part.get("functionCall"), calls)))).node(),
                null));
      } else if (!thought(part)) {
        String text = text(part, "text");
        if (!text.isEmpty()) {
          out.add(textChunk(text));
        }
      }
    }
    String finishReason = text(candidate, "finishReason");
    if (!finishReason.isEmpty()) {
      out.add(chunk(obj().node(), finish(finishReason, calls > 0 || calledNow)));
      end(out, usageOut());
    }
    return out;
  }

  /** The role chunk, once per answer. */
  private void opening(List<byte[]> out, String responseId) {
    if (!started) {
      started = true;
      id = "chatcmpl-" + responseId;
      out.add(chunk(obj().put("role", "assistant").put("content", "").node(), null));
    }
  }

  /** A function call as a tool call, numbered in the stream ({@code index}) or not. */
  private JsonNode call(JsonNode functionCall, @Nullable Integer index) {
    int n = calls++;
    JsonBuild.Obj c = obj();
    if (index != null) {
      c.put("index", n);
    }
    String id = text(functionCall, "id");
    return c.put("id", id.isEmpty() ? "call_" + n : id)
        .put("type", "function")
        .put(
            "function",
            obj()
                .put("name", text(functionCall, "name"))
                .put(
                    "arguments",
                    new String(
                        write(
                            functionCall.get("args") == null
                                ? obj().node()
                                : functionCall.get("args")),
                        StandardCharsets.UTF_8))
                .node())
        .node();
  }

  private JsonNode usageOut() {
    long prompt = number(usage, "promptTokenCount");
    long completion = number(usage, "candidatesTokenCount") + number(usage, "thoughtsTokenCount");
    return obj()
        .put("prompt_tokens", prompt)
        .put("completion_tokens", completion)
        .put("total_tokens", prompt + completion)
        .put(
            "prompt_tokens_details",
            obj().put("cached_tokens", number(usage, "cachedContentTokenCount")).node())
        .put(
            "completion_tokens_details",
            obj().put("reasoning_tokens", number(usage, "thoughtsTokenCount")).node())
        .node();
  }

  private static String finish(String reason, boolean called) {
    if (called && (reason.isEmpty() || reason.equals("STOP"))) {
      return "tool_calls";
    }
    return FINISH.getOrDefault(reason, "stop");
  }

  /** Google's error object in OpenAI's shape. */
  private static JsonNode error(@Nullable JsonNode google) {
    String status = text(google, "status");
    String type =
        status.equals("INVALID_ARGUMENT")
                || status.equals("NOT_FOUND")
                || status.equals("FAILED_PRECONDITION")
            ? "invalid_request_error"
            : status.equals("RESOURCE_EXHAUSTED")
                ? "rate_limit_exceeded"
                : status.isEmpty() ? "api_error" : status.toLowerCase(java.util.Locale.ROOT);
    return obj()
        .put(
            "error",
            obj()
                .put("message", text(google, "message"))
                .put("type", type)
                .putNull("param")
                .put("code", status.isEmpty() ? "api_error" : status)
                .node())
        .node();
  }
}
