package io.subgate.gateway.translate;

import static io.subgate.gateway.translate.JsonBuild.arr;
import static io.subgate.gateway.translate.JsonBuild.obj;

import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import java.util.List;

/**
 * What the conversions that answer an Anthropic Messages client share: the stream's events — {@code
 * message_start} once, one content block per text run or tool call ({@code content_block_start},
 * deltas, {@code content_block_stop}), {@code message_delta} with the stop reason and usage, {@code
 * message_stop} — their framing, the usage block and the error shape.
 */
abstract class MessagesAnswer extends Conversion {
  private boolean started;
  private int block = -1;
  private String open = "";
  protected String stopReason = "end_turn";
  protected long input;
  protected long output;
  protected long cached;

  MessagesAnswer(JsonMapper json) {
    super(json);
  }

  /** The model the client asked for: the name its answer carries. */
  protected String model = "";

  @Override
  public void openingSent() {
    started = true;
  }

  /** {@code message_start}, once per answer. */
  protected void start(List<byte[]> out, String id) {
    if (started) {
      return;
    }
    started = true;
    out.add(
        frame(
            "message_start",
            obj()
                .put("type", "message_start")
                .put(
                    "message",
                    obj()
                        .put("id", id)
                        .put("type", "message")
                        .put("role", "assistant")
                        .put("model", model)
                        .put("content", arr(List.of()))
                        .putNull("stop_reason")
                        .putNull("stop_sequence")
                        .put("usage", usage())
                        .node())
                .node()));
  }

  /** Text, in the open text block or a new one. */
  protected void appendText(List<byte[]> out, String text) {
    if (text.isEmpty()) {
      return;
    }
    if (!open.equals("text")) {
      closeBlock(out);
      openBlock(out, obj().put("type", "text").put("text", "").node(), "text");
    }
    StringBuilder data =
        new StringBuilder(text.length() + 96)
            .append("{\"type\":\"content_block_delta\",\"index\":")
            .append(block)
            .append(",\"delta\":{\"type\":\"text_delta\",\"text\":");
    out.add(JsonText.sse("content_block_delta", JsonText.quote(data, text).append("}}")));
  }

  /**
   * Reasoning the upstream shows (Gemini's thought summaries), in the open thinking block or a new
   * one. Its signature is empty: it is no Anthropic model's thinking, and is left out when the
   * client sends it back.
   */
  protected void appendThinking(List<byte[]> out, String thinking) {
    if (thinking.isEmpty()) {
      return;
    }
    if (!open.equals("thinking")) {
      closeBlock(out);
      openBlock(
          out,
          obj().put("type", "thinking").put("thinking", "").put("signature", "").node(),
          "thinking");
    }
    delta(out, block, obj().put("type", "thinking_delta").put("thinking", thinking).node());
  }

  /** A new {@code tool_use} block; its index, for the argument deltas. */
  protected int openTool(List<byte[]> out, String id, String name) {
    closeBlock(out);
    openBlock(
        out,
        obj()
            .put("type", "tool_use")
            .put("id", id)
            .put("name", name)
            .put("input", obj().node())
            .node(),
        "tool_use");
    return block;
  }

  protected void toolArguments(List<byte[]> out, int index, String partialJson) {
    if (!partialJson.isEmpty()) {
      delta(
          out,
          index,
          obj().put("type", "input_json_delta").put("partial_json", partialJson).node());
    }
  }

  protected void closeBlock(List<byte[]> out) {
    if (open.isEmpty()) {
      return;
    }
    out.add(
        frame(
            "content_block_stop",
            obj().put("type", "content_block_stop").put("index", block).node()));
    open = "";
  }

  /** The end: the open block closed, {@code message_delta} and {@code message_stop}. */
  protected void finish(List<byte[]> out) {
    closeBlock(out);
    out.add(
        frame(
            "message_delta",
            obj()
                .put("type", "message_delta")
                .put("delta", obj().put("stop_reason", stopReason).putNull("stop_sequence").node())
                .put("usage", usage())
                .node()));
    out.add(frame("message_stop", obj().put("type", "message_stop").node()));
  }

  protected JsonNode usage() {
    return obj()
        .put("input_tokens", input)
        .put("output_tokens", output)
        .put("cache_read_input_tokens", cached)
        .node();
  }

  /** An error in Anthropic's shape. */
  protected static JsonNode error(String type, String message) {
    return obj()
        .put("type", "error")
        .put(
            "error",
            obj().put("type", type.isEmpty() ? "api_error" : type).put("message", message).node())
        .node();
  }

  protected byte[] frame(String name, JsonNode data) {
    return JsonText.sse(name, write(data));
  }

  private void openBlock(List<byte[]> out, JsonNode contentBlock, String kind) {
    block++;
    open = kind;
    out.add(
        frame(
            "content_block_start",
            obj()
                .put("type", "content_block_start")
                .put("index", block)
                .put("content_block", contentBlock)
                .node()));
  }

  private void delta(List<byte[]> out, int index, JsonNode delta) {
    out.add(
        frame(
            "content_block_delta",
            obj()
                .put("type", "content_block_delta")
                .put("index", index)
                .put("delta", delta)
                .node()));
  }
}
