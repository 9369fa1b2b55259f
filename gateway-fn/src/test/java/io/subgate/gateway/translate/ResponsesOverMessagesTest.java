package io.subgate.gateway.translate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import io.subgate.gateway.protocol.GatewayException;
import io.subgate.gateway.relay.SseEvent;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** OpenAI Responses over Anthropic Messages, request and answer, on recorded shapes. */
class ResponsesOverMessagesTest {
  private static final JsonMapper JSON = JsonMapper.createDefault();
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-12-03T12:00:00Z"), ZoneOffset.UTC);

  private static JsonNode tree(String s) throws Exception {
    return JSON.readValue(s, JsonNode.class);
  }

  @Test
  void aResponsesRequest_becomesTheMessagesRequestAnthropicDocuments() throws Exception {
    JsonNode m =
        tree(
            new String(
                ResponsesRequests.toMessages(
                    tree(
                        "{\"model\":\"claude-sonnet-4\",\"instructions\":\"Be brief.\",\"max_output_tokens\":99,"
                            + "\"store\":true,\"tools\":[{\"type\":\"function\",\"name\":\"look\",\"parameters\":{\"type\":\"object\"}}],"
                            + "\"tool_choice\":\"required\",\"input\":[{\"role\":\"user\",\"content\":[{\"type\":\"input_text\","
                            + "\"text\":\"see\"},{\"type\":\"input_image\",\"image_url\":\"data:image/png;base64,iVBOR\"}]},"
                            + "{\"type\":\"reasoning\",\"summary\":[]},"
                            + "{\"type\":\"function_call\",\"call_id\":\"call_1\",\"name\":\"look\",\"arguments\":\"{\\\"q\\\":1}\"},"
                            + "{\"type\":\"function_call_output\",\"call_id\":\"call_1\",\"output\":\"found\"}]}"),
                    JSON),
                StandardCharsets.UTF_8));
    assertEquals("Be brief.", m.get("system").get(0).get("text").getStringValue());
    assertEquals(99, m.get("max_tokens").getIntValue());
    assertEquals(3, m.get("messages").size());
    assertEquals(
        "base64",
        m.get("messages").get(0).get("content").get(1).get("source").get("type").getStringValue());
    assertEquals(
        "call_1", m.get("messages").get(1).get("content").get(0).get("id").getStringValue());
    assertEquals(
        "call_1",
        m.get("messages").get(2).get("content").get(0).get("tool_use_id").getStringValue());
    assertEquals("any", m.get("tool_choice").get("type").getStringValue());
    GatewayException stored =
        assertThrows(
            GatewayException.class,
            () ->
                ResponsesRequests.toMessages(
                    tree("{\"model\":\"m\",\"previous_response_id\":\"resp_1\",\"input\":\"hi\"}"),
                    JSON));
    assertTrue(String.valueOf(stored.getMessage()).startsWith("previous_response_id:"));
  }

  @Test
  void aMessage_becomesAResponse_andAStreamResponsesEvents() throws Exception {
    ResponsesOverMessages t = new ResponsesOverMessages(JSON, CLOCK);
    JsonNode r =
        tree(
            new String(
                t.body(
                    ("{\"id\":\"msg_1\",\"type\":\"message\",\"model\":\"claude-sonnet-4\",\"content\":["
                            + "{\"type\":\"text\",\"text\":\"Hi\"},{\"type\":\"tool_use\",\"id\":\"toolu_1\",\"name\":\"look\","
                            + "\"input\":{\"q\":1}}],\"stop_reason\":\"tool_use\",\"usage\":{\"input_tokens\":5,\"output_tokens\":3,"
                            + "\"cache_read_input_tokens\":10}}")
                        .getBytes(StandardCharsets.UTF_8)),
                StandardCharsets.UTF_8));
    assertEquals("completed", r.get("status").getStringValue());
    assertEquals("Hi", r.get("output").get(0).get("content").get(0).get("text").getStringValue());
    assertEquals("toolu_1", r.get("output").get(1).get("call_id").getStringValue());
    assertEquals("{\"q\":1}", r.get("output").get(1).get("arguments").getStringValue());
    assertEquals(15, r.get("usage").get("input_tokens").getIntValue());
    assertEquals(10, r.get("usage").get("input_tokens_details").get("cached_tokens").getIntValue());

    ResponsesOverMessages s = new ResponsesOverMessages(JSON, CLOCK);
    List<String> names = new ArrayList<>();
    for (String[] e :
        new String[][] {
          {
            "message_start",
            "{\"type\":\"message_start\",\"message\":{\"id\":\"msg_2\",\"usage\":{\"input_tokens\":4}}}"
          },
          {
            "content_block_start",
            "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}"
          },
          {
            "content_block_delta",
            "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"Hi\"}}"
          },
          {"content_block_stop", "{\"type\":\"content_block_stop\",\"index\":0}"},
          {
            "content_block_start",
            "{\"type\":\"content_block_start\",\"index\":1,\"content_block\":{\"type\":\"tool_use\",\"id\":\"toolu_2\",\"name\":\"look\",\"input\":{}}}"
          },
          {
            "content_block_delta",
            "{\"type\":\"content_block_delta\",\"index\":1,\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"{}\"}}"
          },
          {"content_block_stop", "{\"type\":\"content_block_stop\",\"index\":1}"},
          {
            "message_delta",
            "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"tool_use\"},\"usage\":{\"output_tokens\":7}}"
          },
          {"message_stop", "{\"type\":\"message_stop\"}"}
        }) {
      for (byte[] b :
          s.event(new SseEvent(e[0], e[1], "event: " + e[0] + "\ndata: " + e[1] + "\n\n"))) {
        String out = new String(b, StandardCharsets.UTF_8);
        names.add(out.substring("event: ".length(), out.indexOf('\n')));
      }
    }
    assertEquals(
        List.of(
            "response.created",
            "response.in_progress",
            "response.output_item.added",
            "response.content_part.added",
            "response.output_text.delta",
            "response.output_text.done",
            "response.content_part.done",
            "response.output_item.done",
            "response.output_item.added",
            "response.function_call_arguments.delta",
            "response.function_call_arguments.done",
            "response.output_item.done",
            "response.completed"),
        names);
  }
}
