package io.subgate.gateway.translate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import io.subgate.gateway.protocol.GatewayException;
import io.subgate.gateway.relay.SseEvent;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Anthropic Messages over OpenAI Chat Completions, request and answer, on recorded shapes. */
class MessagesOverChatTest {
  private static final JsonMapper JSON = JsonMapper.createDefault();

  private static JsonNode tree(String s) throws Exception {
    return JSON.readValue(s, JsonNode.class);
  }

  private static JsonNode converted(String messages) throws Exception {
    return tree(new String(MessagesRequests.toChat(tree(messages), JSON), StandardCharsets.UTF_8));
  }

  @Test
  void aMessagesRequest_becomesTheChatRequestOpenAiDocuments() throws Exception {
    JsonNode c =
        converted(
            "{\"model\":\"gpt-5\",\"max_tokens\":200,\"stream\":true,\"system\":[{\"type\":\"text\","
                + "\"text\":\"Be brief.\"}],\"stop_sequences\":[\"END\"],\"metadata\":{\"user_id\":\"u\"},"
                + "\"tool_choice\":{\"type\":\"any\",\"disable_parallel_tool_use\":true},"
                + "\"tools\":[{\"name\":\"look\",\"input_schema\":{\"type\":\"object\"}}],\"messages\":["
                + "{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"see\"},{\"type\":\"image\","
                + "\"source\":{\"type\":\"base64\",\"media_type\":\"image/png\",\"data\":\"iVBOR\"}}]},"
                + "{\"role\":\"assistant\",\"content\":[{\"type\":\"text\",\"text\":\"Looking.\"},"
                + "{\"type\":\"tool_use\",\"id\":\"toolu_1\",\"name\":\"look\",\"input\":{\"q\":1}}]},"
                + "{\"role\":\"user\",\"content\":[{\"type\":\"tool_result\",\"tool_use_id\":\"toolu_1\","
                + "\"content\":\"found\"},{\"type\":\"text\",\"text\":\"and?\"}]}]}");
    List<JsonNode> m = new ArrayList<>();
    c.get("messages").values().forEach(m::add);
    assertEquals("system", m.get(0).get("role").getStringValue());
    assertEquals("Be brief.", m.get(0).get("content").getStringValue());
    assertEquals(
        "data:image/png;base64,iVBOR",
        m.get(1).get("content").get(1).get("image_url").get("url").getStringValue());
    assertEquals("Looking.", m.get(2).get("content").getStringValue());
    assertEquals(
        "{\"q\":1}",
        m.get(2).get("tool_calls").get(0).get("function").get("arguments").getStringValue());
    assertEquals("tool", m.get(3).get("role").getStringValue(), "the result right after the call");
    assertEquals("toolu_1", m.get(3).get("tool_call_id").getStringValue());
    assertEquals("and?", m.get(4).get("content").get(0).get("text").getStringValue());
    assertEquals(200, c.get("max_completion_tokens").getIntValue());
    assertEquals("required", c.get("tool_choice").getStringValue());
    assertFalse(c.get("parallel_tool_calls").getBooleanValue());
    assertEquals("look", c.get("tools").get(0).get("function").get("name").getStringValue());
    assertTrue(c.get("stream_options").get("include_usage").getBooleanValue());
    assertEquals("u", c.get("user").getStringValue());

    for (String budget : List.of("1024:low", "8000:medium", "32000:high")) {
      String[] b = budget.split(":");
      JsonNode thinking =
          converted(
              "{\"model\":\"m\",\"max_tokens\":64000,\"thinking\":{\"type\":\"enabled\","
                  + "\"budget_tokens\":"
                  + b[0]
                  + "},\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
      assertEquals(b[1], thinking.get("reasoning_effort").getStringValue(), "thinking " + b[0]);
    }

    for (String bad : List.of("\"top_k\":5", "\"mcp_servers\":[]")) {
      GatewayException e =
          assertThrows(
              GatewayException.class,
              () ->
                  converted(
                      "{\"model\":\"m\",\"max_tokens\":9,"
                          + bad
                          + ",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"));
      assertEquals(400, e.status());
    }
  }

  @Test
  void aChatCompletion_becomesAMessage_andAnErrorAnAnthropicError() throws Exception {
    MessagesOverChat t = new MessagesOverChat(JSON);
    JsonNode m =
        tree(
            new String(
                t.body(
                    ("{\"id\":\"cc_1\",\"object\":\"chat.completion\",\"model\":\"gpt-5\",\"choices\":[{\"index\":0,"
                            + "\"message\":{\"role\":\"assistant\",\"content\":\"Hi\",\"tool_calls\":[{\"id\":\"call_1\","
                            + "\"type\":\"function\",\"function\":{\"name\":\"look\",\"arguments\":\"{\\\"q\\\":2}\"}}]},"
                            + "\"finish_reason\":\"tool_calls\"}],\"usage\":{\"prompt_tokens\":110,\"completion_tokens\":5,"
                            + "\"prompt_tokens_details\":{\"cached_tokens\":100}}}")
                        .getBytes(StandardCharsets.UTF_8)),
                StandardCharsets.UTF_8));
    assertEquals("message", m.get("type").getStringValue());
    assertEquals("tool_use", m.get("stop_reason").getStringValue());
    assertEquals("Hi", m.get("content").get(0).get("text").getStringValue());
    assertEquals(2, m.get("content").get(1).get("input").get("q").getIntValue());
    assertEquals(10, m.get("usage").get("input_tokens").getIntValue());
    assertEquals(100, m.get("usage").get("cache_read_input_tokens").getIntValue());
    JsonNode e =
        tree(
            new String(
                t.body(
                    "{\"error\":{\"message\":\"no such model\",\"type\":\"invalid_request_error\",\"code\":\"model_not_found\"}}"
                        .getBytes(StandardCharsets.UTF_8)),
                StandardCharsets.UTF_8));
    assertEquals("error", e.get("type").getStringValue());
    assertEquals("no such model", e.get("error").get("message").getStringValue());
  }

  private static SseEvent data(String data) {
    return new SseEvent("", data, "data: " + data + "\n\n");
  }

  @Test
  void chunks_becomeMessagesEvents_blockByBlock() throws Exception {
    MessagesOverChat t = new MessagesOverChat(JSON);
    List<String> names = new ArrayList<>();
    List<String> all = new ArrayList<>();
    for (SseEvent e :
        List.of(
            data(
                "{\"id\":\"c1\",\"model\":\"gpt-5\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"He\"}}]}"),
            data("{\"id\":\"c1\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"llo\"}}]}"),
            data(
                "{\"id\":\"c1\",\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"id\":\"call_1\",\"type\":\"function\",\"function\":{\"name\":\"look\",\"arguments\":\"\"}}]}}]}"),
            data(
                "{\"id\":\"c1\",\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"{\\\"q\\\":1}\"}}]}}]}"),
            data(
                "{\"id\":\"c1\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"tool_calls\"}]}"),
            data(
                "{\"id\":\"c1\",\"choices\":[],\"usage\":{\"prompt_tokens\":7,\"completion_tokens\":3}}"),
            data("[DONE]"))) {
      for (byte[] b : t.event(e)) {
        String s = new String(b, StandardCharsets.UTF_8);
        all.add(s);
        names.add(s.substring("event: ".length(), s.indexOf('\n')));
      }
    }
    assertEquals(
        List.of(
            "message_start",
            "content_block_start",
            "content_block_delta",
            "content_block_delta",
            "content_block_stop",
            "content_block_start",
            "content_block_delta",
            "content_block_stop",
            "message_delta",
            "message_stop"),
        names);
    assertTrue(
        all.get(5).contains("\"tool_use\"") && all.get(5).contains("\"index\":1"), all.get(5));
    assertTrue(all.get(6).contains("input_json_delta"), all.get(6));
    assertTrue(all.get(8).contains("\"stop_reason\":\"tool_use\""), all.get(8));
    assertTrue(all.get(8).contains("\"output_tokens\":3"), all.get(8));
  }
}
