package io.subgate.testing;

import java.util.List;
import java.util.regex.Pattern;

/**
 * A turn in which the stub upstream asks the client to run a tool, as each provider streams it:
 * Anthropic a {@code tool_use} block with {@code input_json_delta}s and {@code stop_reason:
 * tool_use}; the Responses API a {@code function_call} output item with its argument deltas; Gemini
 * a {@code functionCall} part. A request that already carries the tool's result (a {@code
 * tool_result} block, a {@code function_call_output} item, a {@code functionResponse} part) is
 * answered as usual, so a real client runs one tool-use round trip.
 *
 * @param name the tool the client offered (for example Claude Code's {@code Read})
 * @param arguments the call's arguments, a JSON object
 */
public record StubToolTurn(String name, String arguments) {
  private static final Pattern RESULT =
      Pattern.compile(
          "\"type\"\\s*:\\s*\"(tool_result|function_call_output|custom_tool_call_output)\""
              + "|\"functionResponse\"\\s*:");
  static final String CALL_ID = "call_subgate_1";

  /** Whether {@code body} already answers the tool call. */
  public boolean answeredIn(String body) {
    return RESULT.matcher(body).find();
  }

  /** The tool call as an Anthropic Messages stream. */
  List<String> messagesEvents(long inputTokens) {
    return List.of(
        sse(
            "message_start",
            "{\"type\":\"message_start\",\"message\":{\"id\":\"msg_tool\",\"type\":\"message\","
                + "\"role\":\"assistant\",\"content\":[],\"stop_reason\":null,\"usage\":"
                + "{\"input_tokens\":"
                + inputTokens
                + ",\"output_tokens\":1}}}"),
        sse(
            "content_block_start",
            "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":"
                + "\"tool_use\",\"id\":\"toolu_subgate_1\",\"name\":\""
                + name
                + "\",\"input\":{}}}"),
        sse(
            "content_block_delta",
            "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":"
                + "\"input_json_delta\",\"partial_json\":"
                + quoted(arguments)
                + "}}"),
        sse("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":0}"),
        sse(
            "message_delta",
            "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"tool_use\","
                + "\"stop_sequence\":null},\"usage\":{\"output_tokens\":9}}"),
        sse("message_stop", "{\"type\":\"message_stop\"}"));
  }

  /** The tool call as a Responses stream (the Codex backend's shape). */
  List<String> responsesEvents(long inputTokens) {
    String item =
        "{\"id\":\"fc_subgate_1\",\"type\":\"function_call\",\"status\":\"%s\",\"call_id\":\""
            + CALL_ID
            + "\",\"name\":\""
            + name
            + "\",\"arguments\":%s}";
    return List.of(
        sse(
            "response.created",
            "{\"type\":\"response.created\",\"response\":{\"id\":\"resp_tool\",\"object\":"
                + "\"response\",\"status\":\"in_progress\",\"output\":[]}}"),
        sse(
            "response.output_item.added",
            "{\"type\":\"response.output_item.added\",\"output_index\":0,\"item\":"
                + String.format(item, "in_progress", "\"\"")
                + "}"),
        sse(
            "response.function_call_arguments.delta",
            "{\"type\":\"response.function_call_arguments.delta\",\"item_id\":\"fc_subgate_1\","
                + "\"output_index\":0,\"delta\":"
                + quoted(arguments)
                + "}"),
        sse(
            "response.function_call_arguments.done",
            "{\"type\":\"response.function_call_arguments.done\",\"item_id\":\"fc_subgate_1\","
                + "\"output_index\":0,\"arguments\":"
                + quoted(arguments)
                + "}"),
        sse(
            "response.output_item.done",
            "{\"type\":\"response.output_item.done\",\"output_index\":0,\"item\":"
                + String.format(item, "completed", quoted(arguments))
                + "}"),
        sse(
            "response.completed",
            "{\"type\":\"response.completed\",\"response\":{\"id\":\"resp_tool\",\"object\":"
                + "\"response\",\"status\":\"completed\",\"output\":[],\"usage\":{\"input_tokens\":"
                + inputTokens
                + ",\"output_tokens\":9,\"total_tokens\":"
                + (inputTokens + 9)
                + "}}}"));
  }

  /** The tool call as one Gemini response chunk. */
  String geminiChunk(long promptTokens) {
    return "{\"candidates\":[{\"content\":{\"role\":\"model\",\"parts\":[{\"functionCall\":"
        + "{\"name\":\""
        + name
        + "\",\"args\":"
        + arguments
        + "}}]},\"finishReason\":\"STOP\",\"index\":0}],\"usageMetadata\":{\"promptTokenCount\":"
        + promptTokens
        + ",\"candidatesTokenCount\":9,\"totalTokenCount\":"
        + (promptTokens + 9)
        + "},\"modelVersion\":\"stub\"}";
  }

  private static String sse(String event, String data) {
    return "event: " + event + "\ndata: " + data + "\n\n";
  }

  private static String quoted(String json) {
    return "\"" + json.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }
}
