package io.subgate.gateway.translate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import io.subgate.gateway.protocol.ClientIdentity;
import io.subgate.gateway.protocol.GatewayException;
import io.subgate.gateway.protocol.ProxyRequest;
import io.subgate.gateway.protocol.Route;
import io.subgate.gateway.relay.SseEvent;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A Gemini client over Anthropic Messages, request and answer, against recorded shapes. */
class GeminiOverMessagesTest {
  private static final JsonMapper JSON = JsonMapper.createDefault();

  private static JsonNode tree(String s) throws Exception {
    return JSON.readValue(s, JsonNode.class);
  }

  private static JsonNode converted(String gemini) throws Exception {
    return tree(
        new String(
            GeminiMessagesRequests.toMessages(tree(gemini), "claude-sonnet-4-5", false, JSON),
            StandardCharsets.UTF_8));
  }

  private static GeminiOverMessages translator(boolean stream) throws Exception {
    GeminiOverMessages t = new GeminiOverMessages(JSON);
    String body = "{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"hi\"}]}]}";
    t.request(
        new ProxyRequest(
            stream ? Route.GEMINI_STREAM : Route.GEMINI_GENERATE,
            Map.of(),
            "",
            body.getBytes(StandardCharsets.UTF_8),
            tree(body),
            "claude-sonnet-4-5",
            stream,
            ClientIdentity.OTHER));
    return t;
  }

  @Test
  void aFullGeminiRequest_becomesTheMessagesRequestAnthropicDocuments() throws Exception {
    JsonNode m =
        converted(
            "{\"systemInstruction\":{\"parts\":[{\"text\":\"Be brief.\"}]},"
                + "\"contents\":["
                + "{\"role\":\"user\",\"parts\":[{\"text\":\"Weather?\"},"
                + "{\"inlineData\":{\"mimeType\":\"image/png\",\"data\":\"iVBOR\"}}]},"
                + "{\"role\":\"model\",\"parts\":[{\"text\":\"thinking\",\"thought\":true},"
                + "{\"functionCall\":{\"name\":\"weather\",\"args\":{\"city\":\"Oslo\"}}},"
                + "{\"functionCall\":{\"name\":\"weather\",\"args\":{\"city\":\"Bergen\"}}}]},"
                + "{\"role\":\"user\",\"parts\":["
                + "{\"functionResponse\":{\"name\":\"weather\",\"response\":{\"t\":4}}},"
                + "{\"functionResponse\":{\"name\":\"weather\",\"response\":{\"t\":6}}}]}],"
                + "\"tools\":[{\"functionDeclarations\":[{\"name\":\"weather\",\"description\":\"d\","
                + "\"parameters\":{\"type\":\"OBJECT\",\"properties\":{\"city\":{\"type\":\"STRING\"}}}}]}],"
                + "\"toolConfig\":{\"functionCallingConfig\":{\"mode\":\"ANY\","
                + "\"allowedFunctionNames\":[\"weather\"]}},"
                + "\"generationConfig\":{\"maxOutputTokens\":300,\"temperature\":0.2,\"topK\":5,"
                + "\"stopSequences\":[\"END\"],\"thinkingConfig\":{\"thinkingBudget\":2048}}}");
    assertEquals("claude-sonnet-4-5", m.get("model").getStringValue());
    assertEquals(300, m.get("max_tokens").getIntValue());
    assertEquals("Be brief.", m.get("system").getStringValue());
    assertEquals(5, m.get("top_k").getIntValue());
    assertEquals("END", m.get("stop_sequences").get(0).getStringValue());
    assertEquals(2048, m.get("thinking").get("budget_tokens").getIntValue());
    JsonNode turns = m.get("messages");
    assertEquals(3, turns.size());
    assertEquals(
        "base64", turns.get(0).get("content").get(1).get("source").get("type").getStringValue());
    JsonNode calls = turns.get(1).get("content");
    assertEquals(2, calls.size(), "the thought summary is left out");
    assertEquals("tool_use", calls.get(0).get("type").getStringValue());
    String first = calls.get(0).get("id").getStringValue();
    String second = calls.get(1).get("id").getStringValue();
    assertTrue(!first.equals(second), "parallel calls of one function get distinct ids");
    JsonNode results = turns.get(2).get("content");
    assertEquals(first, results.get(0).get("tool_use_id").getStringValue(), "answered in order");
    assertEquals(second, results.get(1).get("tool_use_id").getStringValue());
    assertEquals("{\"t\":4}", results.get(0).get("content").getStringValue());
    JsonNode schema = m.get("tools").get(0).get("input_schema");
    assertEquals("object", schema.get("type").getStringValue(), "Gemini's OBJECT as JSON Schema");
    assertEquals("string", schema.get("properties").get("city").get("type").getStringValue());
    assertEquals("tool", m.get("tool_choice").get("type").getStringValue());
    assertEquals("weather", m.get("tool_choice").get("name").getStringValue());
  }

  @Test
  void whatMessagesCannotHonour_isA400NamingIt() {
    List<String> refused =
        List.of(
            "{\"contents\":[{\"parts\":[{\"text\":\"x\"}]}],\"tools\":[{\"googleSearch\":{}}]}",
            "{\"contents\":[{\"parts\":[{\"text\":\"x\"}]}],"
                + "\"generationConfig\":{\"responseMimeType\":\"application/json\"}}",
            "{\"contents\":[{\"parts\":[{\"text\":\"x\"}]}],\"safetySettings\":[]}",
            "{\"contents\":[{\"parts\":[{\"fileData\":{\"fileUri\":\"gs://a\"}}]}]}",
            "{\"contents\":[{\"role\":\"user\",\"parts\":[{\"functionResponse\":"
                + "{\"name\":\"f\",\"response\":{}}}]}]}",
            "{\"contents\":[]}");
    List<String> named =
        List.of(
            "tools[0].googleSearch",
            "generationConfig.responseMimeType",
            "safetySettings",
            "fileData",
            "functionResponse",
            "contents");
    for (int i = 0; i < refused.size(); i++) {
      String body = refused.get(i);
      GatewayException e = assertThrows(GatewayException.class, () -> converted(body), body);
      assertEquals(400, e.status());
      assertTrue(String.valueOf(e.getMessage()).contains(named.get(i)), e.getMessage());
    }
  }

  @Test
  void aMessage_becomesAGenerateContentResponse() throws Exception {
    GeminiOverMessages t = translator(false);
    JsonNode r =
        tree(
            new String(
                t.body(
                    ("{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"x\","
                            + "\"content\":[{\"type\":\"thinking\",\"thinking\":\"t\",\"signature\":\"s\"},"
                            + "{\"type\":\"text\",\"text\":\"Calling.\"},"
                            + "{\"type\":\"tool_use\",\"id\":\"toolu_1\",\"name\":\"weather\","
                            + "\"input\":{\"city\":\"Oslo\"}}],\"stop_reason\":\"tool_use\","
                            + "\"usage\":{\"input_tokens\":10,\"cache_read_input_tokens\":90,"
                            + "\"output_tokens\":7}}")
                        .getBytes(StandardCharsets.UTF_8)),
                StandardCharsets.UTF_8));
    JsonNode candidate = r.get("candidates").get(0);
    assertEquals("STOP", candidate.get("finishReason").getStringValue());
    JsonNode parts = candidate.get("content").get("parts");
    assertEquals(2, parts.size(), "thinking left out");
    assertEquals("Calling.", parts.get(0).get("text").getStringValue());
    assertEquals("Oslo", parts.get(1).get("functionCall").get("args").get("city").getStringValue());
    assertEquals(100, r.get("usageMetadata").get("promptTokenCount").getIntValue());
    assertEquals(90, r.get("usageMetadata").get("cachedContentTokenCount").getIntValue());
    assertEquals(107, r.get("usageMetadata").get("totalTokenCount").getIntValue());
    assertEquals("claude-sonnet-4-5", r.get("modelVersion").getStringValue());

    JsonNode error =
        tree(
            new String(
                translator(false)
                    .body(
                        "{\"type\":\"error\",\"error\":{\"type\":\"rate_limit_error\",\"message\":\"slow\"}}"
                            .getBytes(StandardCharsets.UTF_8)),
                StandardCharsets.UTF_8));
    assertEquals("RESOURCE_EXHAUSTED", error.get("error").get("status").getStringValue());
    assertEquals(429, error.get("error").get("code").getIntValue());
  }

  @Test
  void aStream_becomesGeminiChunks_eventByEvent() throws Exception {
    GeminiOverMessages t = translator(true);
    List<String> events =
        List.of(
            "{\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"usage\":{\"input_tokens\":12,\"output_tokens\":1}}}",
            "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}",
            "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"He said \\\"hi\\\"\\n\"}}",
            "{\"type\":\"content_block_stop\",\"index\":0}",
            "{\"type\":\"content_block_start\",\"index\":1,\"content_block\":{\"type\":\"tool_use\",\"id\":\"toolu_9\",\"name\":\"weather\",\"input\":{}}}",
            "{\"type\":\"content_block_delta\",\"index\":1,\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"{\\\"city\\\":\"}}",
            "{\"type\":\"content_block_delta\",\"index\":1,\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"\\\"Oslo\\\"}\"}}",
            "{\"type\":\"content_block_stop\",\"index\":1}",
            "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"max_tokens\"},\"usage\":{\"output_tokens\":30}}",
            "{\"type\":\"message_stop\"}");
    List<JsonNode> chunks = new ArrayList<>();
    for (String data : events) {
      for (byte[] out : t.event(new SseEvent("x", data, "data: " + data + "\n\n"))) {
        String frame = new String(out, StandardCharsets.UTF_8);
        assertTrue(frame.startsWith("data: ") && frame.endsWith("\n\n"), frame);
        chunks.add(tree(frame.substring(6).trim()));
      }
    }
    assertEquals(3, chunks.size(), "text, the tool call once complete, the finish");
    assertEquals(
        "He said \"hi\"\n",
        chunks
            .get(0)
            .get("candidates")
            .get(0)
            .get("content")
            .get("parts")
            .get(0)
            .get("text")
            .getStringValue());
    JsonNode call =
        chunks
            .get(1)
            .get("candidates")
            .get(0)
            .get("content")
            .get("parts")
            .get(0)
            .get("functionCall");
    assertEquals("toolu_9", call.get("id").getStringValue());
    assertEquals("Oslo", call.get("args").get("city").getStringValue());
    JsonNode last = chunks.get(2);
    assertEquals("MAX_TOKENS", last.get("candidates").get(0).get("finishReason").getStringValue());
    assertEquals(12, last.get("usageMetadata").get("promptTokenCount").getIntValue());
    assertEquals(30, last.get("usageMetadata").get("candidatesTokenCount").getIntValue());
    assertEquals("msg_1", last.get("responseId").getStringValue());
  }
}
