package io.subgate.gateway.translate;

import static io.subgate.gateway.translate.JsonBuild.arr;
import static io.subgate.gateway.translate.JsonBuild.obj;

import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import io.subgate.gateway.protocol.ProxyRequest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What the conversions that answer a Chat Completions client share: the completion's id, model and
 * creation time, whether the client asked for a usage chunk ({@code stream_options.include_usage}),
 * and the framing of {@code chat.completion.chunk}s, the usage chunk and {@code [DONE]}.
 */
abstract class ChatAnswer extends Conversion {
  protected final long created;
  protected boolean includeUsage;
  protected String id = "chatcmpl-subgate";
  protected String model = "";

  ChatAnswer(JsonMapper json, Clock clock) {
    super(json);
    this.created = clock.instant().getEpochSecond();
  }

  /** Reads what the answer needs from the client's request: its usage wish and model. */
  protected void remember(ProxyRequest client) {
    JsonNode options = client.json().get("stream_options");
    JsonNode include = options == null ? null : options.get("include_usage");
    includeUsage = include != null && include.isBoolean() && include.getBooleanValue();
    model = client.clientModel();
  }

  protected byte[] chunk(JsonNode delta, @Nullable String finishReason) {
    JsonBuild.Obj choice = obj().put("index", 0).put("delta", delta);
    if (finishReason == null) {
      choice.putNull("finish_reason");
    } else {
      choice.put("finish_reason", finishReason);
    }
    return frame(header().put("choices", arr(List.of(choice.node()))).node());
  }

  /**
   * A complete {@code chat.completion}: one choice with the assistant's {@code text} (null content
   * when it only called tools) and its {@code calls}.
   */
  protected byte[] completion(
      String completionId, String text, List<JsonNode> calls, String finishReason, JsonNode usage) {
    JsonBuild.Obj message = obj().put("role", "assistant");
    if (!text.isEmpty() || calls.isEmpty()) {
      message.put("content", text);
    } else {
      message.putNull("content");
    }
    if (!calls.isEmpty()) {
      message.put("tool_calls", arr(calls));
    }
    return write(
        obj()
            .put("id", completionId)
            .put("object", "chat.completion")
            .put("created", created)
            .put("model", model)
            .put(
                "choices",
                arr(
                    List.of(
                        obj()
                            .put("index", 0)
                            .put("message", message.node())
                            .put("finish_reason", finishReason)
                            .put("logprobs", JsonNode.nullNode())
                            .node())))
            .put("usage", usage)
            .node());
  }

  /** A chunk of assistant text: the chunk sent for most upstream events, written by hand. */
  protected byte[] textChunk(String text) {
    StringBuilder data = new StringBuilder(text.length() + 160).append("{\"id\":");
    JsonText.quote(data, id)
        .append(",\"object\":\"chat.completion.chunk\",\"created\":")
        .append(created)
        .append(",\"model\":");
    JsonText.quote(data, model).append(",\"choices\":[{\"index\":0,\"delta\":{\"content\":");
    JsonText.quote(data, text).append("},\"finish_reason\":null}]}");
    return JsonText.sse(null, data);
  }

  /** The stream's end: the usage chunk when the client asked for it, then {@code [DONE]}. */
  protected void end(List<byte[]> out, JsonNode usage) {
    if (includeUsage) {
      out.add(frame(header().put("choices", arr(List.of())).put("usage", usage).node()));
    }
    out.add("data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8));
  }

  private JsonBuild.Obj header() {
    return obj()
        .put("id", id)
        .put("object", "chat.completion.chunk")
        .put("created", created)
        .put("model", model);
  }

  protected byte[] frame(JsonNode data) {
    return JsonText.sse(null, write(data));
  }
}
