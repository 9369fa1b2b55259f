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

/** Chat Completions over Anthropic Messages, request and answer, against recorded shapes. */
class ChatOverMessagesTest {
  private static final JsonMapper JSON = JsonMapper.createDefault();
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-12-03T11:00:00Z"), ZoneOffset.UTC);

  private static JsonNode tree(String s) throws Exception {
    return JSON.readValue(s, JsonNode.class);
  }

  private static JsonNode converted(String chat) throws Exception {
    return JSON.readValue(ChatRequests.toMessages(tree(chat), JSON), JsonNode.class);
  }

  @Test
  void aFullChatRequest_becomesTheMessagesRequestAnthropicDocuments() throws Exception {
    JsonNode m =
        converted(
            "{\"model\":\"claude-sonnet-4\",\"max_completion_tokens\":300,\"temperature\":0.2,"
                + "\"stop\":\"END\",\"stream\":true,\"user\":\"u-1\",\"parallel_tool_calls\":false,"
                + "\"tool_choice\":\"required\",\"messages\":["
                + "{\"role\":\"system\",\"content\":\"Be brief.\"},"
                + "{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"What is this?\"},"
                + "{\"type\":\"image_url\",\"image_url\":{\"url\":\"data:image/png;base64,iVBOR\"}},"
                + "{\"type\":\"image_url\",\"image_url\":{\"url\":\"https://x.test/a.jpg\"}}]},"
                + "{\"role\":\"assistant\",\"content\":null,\"tool_calls\":["
                + "{\"id\":\"call_1\",\"type\":\"function\",\"function\":{\"name\":\"look\",\"arguments\":\"{\\\"q\\\":1}\"}},"
                + "{\"id\":\"call_2\",\"type\":\"function\",\"function\":{\"name\":\"look\",\"arguments\":\"{}\"}}]},"
                + "{\"role\":\"tool\",\"tool_call_id\":\"call_1\",\"content\":\"one\"},"
                + "{\"role\":\"tool\",\"tool_call_id\":\"call_2\",\"content\":\"two\"}],"
                + "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"look\",\"description\":\"d\","
                + "\"parameters\":{\"type\":\"object\",\"properties\":{\"q\":{\"type\":\"integer\"}}}}}]}");
    assertEquals("claude-sonnet-4", m.get("model").getStringValue());
    assertEquals(300, m.get("max_tokens").getIntValue());
    assertEquals("Be brief.", m.get("system").get(0).get("text").getStringValue());
    assertEquals("END", m.get("stop_sequences").get(0).getStringValue());
    assertEquals("u-1", m.get("metadata").get("user_id").getStringValue());
    assertEquals(3, m.get("messages").size(), "user, assistant, and both tool results in one turn");
    JsonNode user = m.get("messages").get(0).get("content");
    assertEquals("base64", user.get(1).get("source").get("type").getStringValue());
    assertEquals("image/png", user.get(1).get("source").get("media_type").getStringValue());
    assertEquals("iVBOR", user.get(1).get("source").get("data").getStringValue());
    assertEquals("https://x.test/a.jpg", user.get(2).get("source").get("url").getStringValue());
    JsonNode assistant = m.get("messages").get(1).get("content");
    assertEquals("tool_use", assistant.get(0).get("type").getStringValue());
    assertEquals(1, assistant.get(0).get("input").get("q").getIntValue());
    JsonNode results = m.get("messages").get(2);
    assertEquals("user", results.get("role").getStringValue());
    assertEquals("call_2", results.get("content").get(1).get("tool_use_id").getStringValue());
    assertEquals("look", m.get("tools").get(0).get("name").getStringValue());
    assertEquals("object", m.get("tools").get(0).get("input_schema").get("type").getStringValue());
    assertEquals("any", m.get("tool_choice").get("type").getStringValue());
    assertTrue(m.get("tool_choice").get("disable_parallel_tool_use").getBooleanValue());
    assertTrue(m.get("stream").getBooleanValue());
  }

  @Test
  void noMaxTokens_getsTheDefault_andWhatCannotConvertIsA400NamingIt() throws Exception {
    assertEquals(
        ChatRequests.DEFAULT_MAX_TOKENS,
        converted("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")
            .get("max_tokens")
            .getLongValue());
    for (String[] bad :
        new String[][] {
          {"\"n\":2", "n:"},
          {"\"logprobs\":true", "logprobs:"},
          {"\"response_format\":{\"type\":\"json_object\"}", "response_format:"},
          {"\"frequency_penalty\":0.5", "frequency_penalty:"},
        }) {
      GatewayException e =
          assertThrows(
              GatewayException.class,
              () ->
                  converted(
                      "{\"model\":\"m\","
                          + bad[0]
                          + ",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"));
      assertEquals(400, e.status());
      assertTrue(String.valueOf(e.getMessage()).startsWith(bad[1]), e.getMessage());
    }
    GatewayException args =
        assertThrows(
            GatewayException.class,
            () ->
                converted(
                    "{\"model\":\"m\",\"messages\":[{\"role\":\"assistant\",\"tool_calls\":[{\"id\":\"c\","
                        + "\"function\":{\"name\":\"f\",\"arguments\":\"not json\"}}]}]}"));
    assertTrue(String.valueOf(args.getMessage()).contains("tool_calls[0].function.arguments"));
  }

  @Test
  void aCompleteMessage_becomesAChatCompletion_andAnErrorKeepsItsMeaning() throws Exception {
    ChatOverMessages t = new ChatOverMessages(JSON, CLOCK);
    JsonNode c =
        tree(
            new String(
                t.body(
                    ("{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"claude-sonnet-4\","
                            + "\"content\":[{\"type\":\"thinking\",\"thinking\":\"hm\",\"signature\":\"s\"},"
                            + "{\"type\":\"text\",\"text\":\"Hello\"},{\"type\":\"tool_use\",\"id\":\"toolu_1\","
                            + "\"name\":\"look\",\"input\":{\"q\":1}}],\"stop_reason\":\"tool_use\","
                            + "\"usage\":{\"input_tokens\":10,\"output_tokens\":5,\"cache_read_input_tokens\":100}}")
                        .getBytes(StandardCharsets.UTF_8)),
                StandardCharsets.UTF_8));
    assertEquals("chat.completion", c.get("object").getStringValue());
    assertEquals(1796295600L, c.get("created").getLongValue());
    JsonNode choice = c.get("choices").get(0);
    assertEquals("tool_calls", choice.get("finish_reason").getStringValue());
    assertEquals("Hello", choice.get("message").get("content").getStringValue());
    JsonNode call = choice.get("message").get("tool_calls").get(0);
    assertEquals("toolu_1", call.get("id").getStringValue());
    assertEquals("{\"q\":1}", call.get("function").get("arguments").getStringValue());
    assertEquals(110, c.get("usage").get("prompt_tokens").getIntValue());
    assertEquals(
        100, c.get("usage").get("prompt_tokens_details").get("cached_tokens").getIntValue());
    assertEquals(115, c.get("usage").get("total_tokens").getIntValue());

    JsonNode error =
        tree(
            new String(
                t.body(
                    "{\"type\":\"error\",\"error\":{\"type\":\"invalid_request_error\",\"message\":\"prompt is too long\"}}"
                        .getBytes(StandardCharsets.UTF_8)),
                StandardCharsets.UTF_8));
    assertEquals("prompt is too long", error.get("error").get("message").getStringValue());
    assertEquals("invalid_request_error", error.get("error").get("type").getStringValue());
  }

  private static SseEvent sse(String name, String data) {
    return new SseEvent(name, data, "event: " + name + "\ndata: " + data + "\n\n");
  }

  @Test
  void aStream_isChunkedEventByEvent_withToolArguments_usageOnRequest_andDone() throws Exception {
    ChatOverMessages t = new ChatOverMessages(JSON, CLOCK);
    t.request(
        new io.subgate.gateway.protocol.ProxyRequest(
            io.subgate.gateway.protocol.Route.CHAT_COMPLETIONS,
            java.util.Map.of(),
            "",
            new byte[0],
            tree(
                "{\"model\":\"m\",\"stream\":true,\"stream_options\":{\"include_usage\":true},"
                    + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"),
            "m",
            true,
            io.subgate.gateway.protocol.ClientIdentity.OTHER));
    List<String> out = new ArrayList<>();
    for (SseEvent e :
        List.of(
            sse(
                "message_start",
                "{\"type\":\"message_start\",\"message\":{\"id\":\"msg_9\",\"model\":\"claude-x\",\"usage\":{\"input_tokens\":7,\"output_tokens\":1}}}"),
            sse(
                "content_block_start",
                "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}"),
            sse(
                "content_block_delta",
                "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"Hi\"}}"),
            sse(
                "content_block_start",
                "{\"type\":\"content_block_start\",\"index\":1,\"content_block\":{\"type\":\"tool_use\",\"id\":\"toolu_2\",\"name\":\"look\",\"input\":{}}}"),
            sse(
                "content_block_delta",
                "{\"type\":\"content_block_delta\",\"index\":1,\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"{\\\"q\\\":\"}}"),
            sse("ping", "{\"type\":\"ping\"}"),
            sse(
                "message_delta",
                "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"tool_use\"},\"usage\":{\"output_tokens\":9}}"),
            sse("message_stop", "{\"type\":\"message_stop\"}"))) {
      t.event(e).forEach(b -> out.add(new String(b, StandardCharsets.UTF_8)));
    }
    assertEquals(7, out.size(), out.toString());
    assertTrue(out.get(0).contains("\"role\":\"assistant\""), out.get(0));
    assertTrue(out.get(0).contains("\"id\":\"chatcmpl-msg_9\""), out.get(0));
    assertTrue(out.get(1).contains("\"content\":\"Hi\""), out.get(1));
    assertTrue(
        out.get(2).contains("\"id\":\"toolu_2\"") && out.get(2).contains("\"index\":0"),
        out.get(2));
    assertTrue(out.get(3).contains("\"arguments\":\"{\\\"q\\\":\""), out.get(3));
    assertTrue(out.get(4).contains("\"finish_reason\":\"tool_calls\""), out.get(4));
    assertTrue(
        out.get(5).contains("\"completion_tokens\":9")
            && out.get(5).contains("\"prompt_tokens\":7"),
        out.get(5));
    assertEquals("data: [DONE]\n\n", out.get(6));
    for (String chunk : out.subList(0, 6)) {
      assertTrue(chunk.startsWith("data: {") && chunk.endsWith("}\n\n"), chunk);
    }
  }
}
