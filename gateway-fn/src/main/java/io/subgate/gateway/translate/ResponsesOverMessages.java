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
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An OpenAI Responses client served by Anthropic API keys: the request through {@link
 * ResponsesRequests}; a message as a {@code response} (a text block as a {@code message} output
 * item with one {@code output_text} part, a {@code tool_use} block as a {@code function_call} item
 * whose {@code call_id} is the tool use id, thinking left out, {@code max_tokens} as status {@code
 * incomplete}, usage with the prompt-cache reads in {@code input_tokens} and {@code
 * cached_tokens}); a stream event by event ({@code response.created}, each block's item added, its
 * text or argument deltas, its parts and item done, {@code response.completed} with every item); an
 * error in OpenAI's shape. One instance per answer.
 */
final class ResponsesOverMessages extends Conversion {
  private final FromAnthropic figures = new FromAnthropic();
  private final long created;
  private String id = "resp_subgate";
  private String model = "";
  private int sequence;
  private final List<JsonNode> output = new ArrayList<>();
  private final Map<Long, Item> open = new HashMap<>();
  private String stopReason = "end_turn";

  /** An output item being streamed: a message's text or a function call's arguments. */
  private static final class Item {
    final String id;
    final int index;
    final boolean call;
    final String callId;
    final String name;
    final StringBuilder text = new StringBuilder();

    Item(String id, int index, boolean call, String callId, String name) {
      this.id = id;
      this.index = index;
      this.call = call;
      this.callId = callId;
      this.name = name;
    }
  }

  ResponsesOverMessages(JsonMapper json, Clock clock) {
    super(json);
    this.created = clock.instant().getEpochSecond();
  }

  @Override
  protected Route upstreamRoute(ProxyRequest client) {
    return Route.MESSAGES;
  }

  @Override
  protected byte[] convert(ProxyRequest client) {
    model = client.clientModel();
    return ResponsesRequests.toMessages(client.json(), json);
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
    id = "resp_" + text(m, "id");
    int n = 0;
    for (JsonNode block : items(m.get("content"))) {
      switch (text(block, "type")) {
        case "text" -> output.add(message("msg_" + n++, text(block, "text"), "completed"));
        case "tool_use" ->
            output.add(
                functionCall(
                    "fc_" + n++,
                    text(block, "id"),
                    text(block, "name"),
                    new String(write(block.get("input")), StandardCharsets.UTF_8),
                    "completed"));
        default -> {
          // thinking has no place in a response's output here
        }
      }
    }
    figures.readUsage(m.get("usage"));
    stopReason = text(m, "stop_reason");
    return write(response());
  }

  @Override
  public List<byte[]> event(SseEvent event) {
    List<byte[]> out = new ArrayList<>();
    JsonNode e = read(event.data());
    if (e == null) {
      return out;
    }
    switch (text(e, "type")) {
      case "message_start" -> {
        JsonNode message = e.get("message");
        id = "resp_" + text(message, "id");
        figures.readUsage(message == null ? null : message.get("usage"));
        JsonNode inProgress =
            obj()
                .put("id", id)
                .put("object", "response")
                .put("created_at", created)
                .put("status", "in_progress")
                .put("model", model)
                .put("output", arr(List.of()))
                .node();
        out.add(frame("response.created", obj().put("response", inProgress)));
        out.add(frame("response.in_progress", obj().put("response", inProgress)));
      }
      case "content_block_start" -> {
        JsonNode block = e.get("content_block");
        String type = text(block, "type");
        int index = output.size() + open.size();
        if (type.equals("text")) {
          Item item = new Item("msg_" + index, index, false, "", "");
          open.put(number(e, "index"), item);
          out.add(
              frame(
                  "response.output_item.added",
                  obj()
                      .put("output_index", index)
                      .put("item", message(item.id, "", "in_progress"))));
          out.add(frame("response.content_part.added", part(item).put("part", outputText(""))));
        } else if (type.equals("tool_use")) {
          Item item = new Item("fc_" + index, index, true, text(block, "id"), text(block, "name"));
          open.put(number(e, "index"), item);
          out.add(
              frame(
                  "response.output_item.added",
                  obj()
                      .put("output_index", index)
                      .put(
                          "item",
                          functionCall(item.id, item.callId, item.name, "", "in_progress"))));
        }
      }
      case "content_block_delta" -> {
        Item item = open.get(number(e, "index"));
        JsonNode delta = e.get("delta");
        if (item == null) {
          return out;
        }
        String piece = item.call ? text(delta, "partial_json") : text(delta, "text");
        if (piece.isEmpty()) {
          return out;
        }
        item.text.append(piece);
        out.add(
            item.call
                ? frame(
                    "response.function_call_arguments.delta",
                    obj()
                        .put("item_id", item.id)
                        .put("output_index", item.index)
                        .put("delta", piece))
                : textDelta(item, piece));
      }
      case "content_block_stop" -> {
        Item item = open.remove(number(e, "index"));
        if (item == null) {
          return out;
        }
        String text = item.text.toString();
        JsonNode done;
        if (item.call) {
          String arguments = text.isEmpty() ? "{}" : text;
          out.add(
              frame(
                  "response.function_call_arguments.done",
                  obj()
                      .put("item_id", item.id)
                      .put("output_index", item.index)
                      .put("arguments", arguments)));
          done = functionCall(item.id, item.callId, item.name, arguments, "completed");
        } else {
          out.add(
              frame(
                  "response.output_text.done",
                  part(item).put("text", text).put("logprobs", arr(List.of()))));
          out.add(frame("response.content_part.done", part(item).put("part", outputText(text))));
          done = message(item.id, text, "completed");
        }
        output.add(done);
        out.add(
            frame(
                "response.output_item.done",
                obj().put("output_index", item.index).put("item", done)));
      }
      case "message_delta" -> {
        figures.readUsage(e.get("usage"));
        String reason = text(e.get("delta"), "stop_reason");
        if (!reason.isEmpty()) {
          stopReason = reason;
        }
      }
      case "message_stop" ->
          out.add(frame("response.completed", obj().put("response", response())));
      case "error" -> {
        JsonNode error = e.get("error");
        out.add(
            frame(
                "error",
                obj()
                    .put("code", text(error, "type"))
                    .put("message", text(error, "message"))
                    .putNull("param")));
      }
      default -> {
        // pings and thinking blocks have no Responses counterpart
      }
    }
    return out;
  }

  private JsonNode response() {
    boolean cut = stopReason.equals("max_tokens");
    JsonBuild.Obj r =
        obj()
            .put("id", id)
            .put("object", "response")
            .put("created_at", created)
            .put("status", cut ? "incomplete" : "completed")
            .put("model", model)
            .put("output", arr(output))
            .put("error", JsonNode.nullNode())
            .put("parallel_tool_calls", true)
            .put("tool_choice", "auto")
            .put("tools", arr(List.of()));
    if (cut) {
      r.put("incomplete_details", obj().put("reason", "max_output_tokens").node());
    } else {
      r.putNull("incomplete_details");
    }
    long prompt = figures.prompt();
    r.put(
        "usage",
        obj()
            .put("input_tokens", prompt)
            .put("input_tokens_details", obj().put("cached_tokens", figures.cacheRead).node())
            .put("output_tokens", figures.output)
            .put("output_tokens_details", obj().put("reasoning_tokens", 0).node())
            .put("total_tokens", prompt + figures.output)
            .node());
    return r.node();
  }

  private static JsonNode message(String id, String text, String status) {
    return obj()
        .put("id", id)
        .put("type", "message")
        .put("status", status)
        .put("role", "assistant")
        .put(
            "content",
            arr(
                text.isEmpty() && status.equals("in_progress")
                    ? List.of()
                    : List.of(outputText(text))))
        .node();
  }

  private static JsonNode outputText(String text) {
    return obj()
        .put("type", "output_text")
        .put("text", text)
        .put("annotations", arr(List.of()))
        .node();
  }

  private static JsonNode functionCall(
      String id, String callId, String name, String arguments, String status) {
    return obj()
        .put("id", id)
        .put("type", "function_call")
        .put("status", status)
        .put("call_id", callId)
        .put("name", name)
        .put("arguments", arguments)
        .node();
  }

  private static JsonBuild.Obj part(Item item) {
    return obj().put("item_id", item.id).put("output_index", item.index).put("content_index", 0);
  }

  private byte[] frame(String name, JsonBuild.Obj data) {
    return JsonText.sse(
        name, write(data.put("type", name).put("sequence_number", sequence++).node()));
  }

  /** {@code response.output_text.delta}, the event sent for most upstream events, by hand. */
  private byte[] textDelta(Item item, String piece) {
    StringBuilder data = new StringBuilder(piece.length() + 160).append("{\"item_id\":");
    JsonText.quote(data, item.id)
        .append(",\"output_index\":")
        .append(item.index)
        .append(",\"content_index\":0,\"delta\":");
    JsonText.quote(data, piece)
        .append(",\"logprobs\":[],\"type\":\"response.output_text.delta\",\"sequence_number\":")
        .append(sequence++)
        .append('}');
    return JsonText.sse("response.output_text.delta", data);
  }
}
