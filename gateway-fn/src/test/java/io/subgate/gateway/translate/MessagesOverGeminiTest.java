package io.subgate.gateway.translate;

import static org.junit.jupiter.api.Assertions.assertEquals;
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

/** Anthropic Messages over Gemini's generateContent, request and answer, on recorded shapes. */
class MessagesOverGeminiTest {
  private static final JsonMapper JSON = JsonMapper.createDefault();

  private static JsonNode tree(String s) throws Exception {
    return JSON.readValue(s, JsonNode.class);
  }

  @Test
  void aMessagesRequest_becomesTheGenerateContentRequestGoogleDocuments() throws Exception {
    JsonNode g =
        tree(
            new String(
                MessagesGeminiRequests.toGemini(
                    tree(
                        "{\"model\":\"gemini-2.5-flash\",\"max_tokens\":300,\"top_k\":5,\"system\":\"Be brief.\","
                            + "\"thinking\":{\"type\":\"enabled\",\"budget_tokens\":1024},"
                            + "\"tools\":[{\"name\":\"look\",\"input_schema\":{\"type\":\"object\"}}],"
                            + "\"tool_choice\":{\"type\":\"tool\",\"name\":\"look\"},\"messages\":["
                            + "{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"see\"},{\"type\":\"image\","
                            + "\"source\":{\"type\":\"base64\",\"media_type\":\"image/png\",\"data\":\"iVBOR\"}}]},"
                            + "{\"role\":\"assistant\",\"content\":[{\"type\":\"thinking\",\"thinking\":\"hm\",\"signature\":\"s\"},"
                            + "{\"type\":\"tool_use\",\"id\":\"toolu_1\",\"name\":\"look\",\"input\":{\"q\":1}}]},"
                            + "{\"role\":\"user\",\"content\":[{\"type\":\"tool_result\",\"tool_use_id\":\"toolu_1\","
                            + "\"content\":[{\"type\":\"text\",\"text\":\"found\"}]}]}]}"),
                    JSON),
                StandardCharsets.UTF_8));
    assertEquals(
        "Be brief.", g.get("systemInstruction").get("parts").get(0).get("text").getStringValue());
    JsonNode contents = g.get("contents");
    assertEquals(
        "iVBOR",
        contents.get(0).get("parts").get(1).get("inlineData").get("data").getStringValue());
    assertEquals(1, contents.get(1).get("parts").size(), "the thinking block left out");
    assertEquals(
        "look",
        contents.get(1).get("parts").get(0).get("functionCall").get("name").getStringValue());
    JsonNode response = contents.get(2).get("parts").get(0).get("functionResponse");
    assertEquals("look", response.get("name").getStringValue());
    assertEquals("found", response.get("response").get("content").getStringValue());
    JsonNode config = g.get("generationConfig");
    assertEquals(300, config.get("maxOutputTokens").getIntValue());
    assertEquals(5, config.get("topK").getIntValue());
    assertEquals(1024, config.get("thinkingConfig").get("thinkingBudget").getIntValue());
    assertEquals(
        "look",
        g.get("toolConfig")
            .get("functionCallingConfig")
            .get("allowedFunctionNames")
            .get(0)
            .getStringValue());

    GatewayException url =
        assertThrows(
            GatewayException.class,
            () ->
                MessagesGeminiRequests.toGemini(
                    tree(
                        "{\"model\":\"m\",\"max_tokens\":9,\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"image\","
                            + "\"source\":{\"type\":\"url\",\"url\":\"https://x.test/a.png\"}}]}]}"),
                    JSON));
    assertTrue(String.valueOf(url.getMessage()).startsWith("messages[0].content[0].source.type"));
  }

  @Test
  void aResponse_becomesAMessage_andAStreamMessagesEvents() throws Exception {
    MessagesOverGemini t = new MessagesOverGemini(JSON);
    JsonNode m =
        tree(
            new String(
                t.body(
                    ("{\"responseId\":\"r1\",\"candidates\":[{\"content\":{\"role\":\"model\",\"parts\":["
                            + "{\"text\":\"plan\",\"thought\":true},{\"text\":\"Hi\"},{\"functionCall\":{\"name\":\"look\","
                            + "\"args\":{\"q\":2}}}]},\"finishReason\":\"STOP\"}],\"usageMetadata\":{\"promptTokenCount\":30,"
                            + "\"candidatesTokenCount\":4,\"cachedContentTokenCount\":10}}")
                        .getBytes(StandardCharsets.UTF_8)),
                StandardCharsets.UTF_8));
    assertEquals("tool_use", m.get("stop_reason").getStringValue());
    assertEquals("plan", m.get("content").get(0).get("thinking").getStringValue());
    assertEquals("Hi", m.get("content").get(1).get("text").getStringValue());
    assertEquals(2, m.get("content").get(2).get("input").get("q").getIntValue());
    assertEquals(20, m.get("usage").get("input_tokens").getIntValue());
    assertEquals(10, m.get("usage").get("cache_read_input_tokens").getIntValue());

    MessagesOverGemini s = new MessagesOverGemini(JSON);
    List<String> names = new ArrayList<>();
    for (String data :
        List.of(
            "{\"responseId\":\"r2\",\"candidates\":[{\"content\":{\"role\":\"model\",\"parts\":[{\"text\":\"Hel\"}]}}]}",
            "{\"responseId\":\"r2\",\"candidates\":[{\"content\":{\"role\":\"model\",\"parts\":[{\"text\":\"lo\"}]},"
                + "\"finishReason\":\"STOP\"}],\"usageMetadata\":{\"promptTokenCount\":3,\"candidatesTokenCount\":2}}")) {
      for (byte[] b : s.event(new SseEvent("", data, "data: " + data + "\n\n"))) {
        String e = new String(b, StandardCharsets.UTF_8);
        names.add(e.substring("event: ".length(), e.indexOf('\n')));
      }
    }
    assertEquals(
        List.of(
            "message_start",
            "content_block_start",
            "content_block_delta",
            "content_block_delta",
            "content_block_stop",
            "message_delta",
            "message_stop"),
        names);
  }

  @Test
  void thoughtSummaries_becomeAThinkingBlock_wholeAndStreamed() throws Exception {
    JsonNode m =
        tree(
            new String(
                new MessagesOverGemini(JSON)
                    .body(
                        ("{\"candidates\":[{\"content\":{\"role\":\"model\",\"parts\":["
                                + "{\"text\":\"Weighing it.\",\"thought\":true},{\"text\":\"Yes.\"}]},"
                                + "\"finishReason\":\"STOP\"}],\"usageMetadata\":{\"promptTokenCount\":3,"
                                + "\"candidatesTokenCount\":2,\"thoughtsTokenCount\":5}}")
                            .getBytes(StandardCharsets.UTF_8)),
                StandardCharsets.UTF_8));
    JsonNode content = m.get("content");
    assertEquals("thinking", content.get(0).get("type").getStringValue());
    assertEquals("Weighing it.", content.get(0).get("thinking").getStringValue());
    assertEquals("", content.get(0).get("signature").getStringValue());
    assertEquals("Yes.", content.get(1).get("text").getStringValue());
    assertEquals(7, m.get("usage").get("output_tokens").getIntValue(), "thoughts are output");

    MessagesOverGemini s = new MessagesOverGemini(JSON);
    StringBuilder events = new StringBuilder();
    for (String data :
        List.of(
            "{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"Weigh\",\"thought\":true}]}}]}",
            "{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"ing.\",\"thought\":true}]}}]}",
            "{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"Yes.\"}]},"
                + "\"finishReason\":\"STOP\"}]}")) {
      for (byte[] out : s.event(new SseEvent("", data, data))) {
        events.append(new String(out, StandardCharsets.UTF_8));
      }
    }
    String all = events.toString();
    assertTrue(all.contains("\"type\":\"thinking\""), all);
    assertTrue(all.contains("\"thinking_delta\""), all);
    assertTrue(all.indexOf("thinking_delta") < all.indexOf("text_delta"), "thinking first");
    assertEquals(
        2, all.split("event: content_block_stop").length - 1, "the thinking and the text block");
  }
}
