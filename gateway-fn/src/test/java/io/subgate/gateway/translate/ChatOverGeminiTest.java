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

/** Chat Completions over Gemini's generateContent, request and answer, on recorded shapes. */
class ChatOverGeminiTest {
  private static final JsonMapper JSON = JsonMapper.createDefault();
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-12-03T11:00:00Z"), ZoneOffset.UTC);

  private static JsonNode tree(String s) throws Exception {
    return JSON.readValue(s, JsonNode.class);
  }

  private static JsonNode converted(String chat) throws Exception {
    return tree(new String(ChatGeminiRequests.toGemini(tree(chat), JSON), StandardCharsets.UTF_8));
  }

  @Test
  void aChatRequest_becomesTheGenerateContentRequestGoogleDocuments() throws Exception {
    JsonNode g =
        converted(
            "{\"model\":\"gemini-2.5-flash\",\"max_tokens\":100,\"temperature\":0.3,\"stop\":[\"END\"],"
                + "\"response_format\":{\"type\":\"json_schema\",\"json_schema\":{\"name\":\"x\",\"schema\":{\"type\":\"object\"}}},"
                + "\"tool_choice\":{\"type\":\"function\",\"function\":{\"name\":\"look\"}},"
                + "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"look\",\"parameters\":{\"type\":\"object\"}}}],"
                + "\"messages\":[{\"role\":\"system\",\"content\":\"Be brief.\"},"
                + "{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"see\"},"
                + "{\"type\":\"image_url\",\"image_url\":{\"url\":\"data:image/png;base64,iVBOR\"}}]},"
                + "{\"role\":\"assistant\",\"tool_calls\":[{\"id\":\"call_0\",\"type\":\"function\","
                + "\"function\":{\"name\":\"look\",\"arguments\":\"{\\\"q\\\":1}\"}}]},"
                + "{\"role\":\"tool\",\"tool_call_id\":\"call_0\",\"content\":\"found\"}]}");
    assertEquals(
        "Be brief.", g.get("systemInstruction").get("parts").get(0).get("text").getStringValue());
    JsonNode contents = g.get("contents");
    assertEquals(3, contents.size());
    assertEquals(
        "image/png",
        contents.get(0).get("parts").get(1).get("inlineData").get("mimeType").getStringValue());
    assertEquals("model", contents.get(1).get("role").getStringValue());
    assertEquals(
        1,
        contents.get(1).get("parts").get(0).get("functionCall").get("args").get("q").getIntValue());
    JsonNode response = contents.get(2).get("parts").get(0).get("functionResponse");
    assertEquals("look", response.get("name").getStringValue(), "named after the call it answers");
    assertEquals("found", response.get("response").get("content").getStringValue());
    assertEquals(
        "look",
        g.get("tools").get(0).get("functionDeclarations").get(0).get("name").getStringValue());
    JsonNode calling = g.get("toolConfig").get("functionCallingConfig");
    assertEquals("ANY", calling.get("mode").getStringValue());
    assertEquals("look", calling.get("allowedFunctionNames").get(0).getStringValue());
    JsonNode config = g.get("generationConfig");
    assertEquals(100, config.get("maxOutputTokens").getIntValue());
    assertEquals("END", config.get("stopSequences").get(0).getStringValue());
    assertEquals("application/json", config.get("responseMimeType").getStringValue());
    assertEquals("object", config.get("responseJsonSchema").get("type").getStringValue());

    for (String bad :
        List.of(
            "\"logprobs\":true",
            "\"parallel_tool_calls\":false",
            "\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"image_url\",\"image_url\":{\"url\":\"https://x.test/a.png\"}}]}]",
            "\"messages\":[{\"role\":\"tool\",\"tool_call_id\":\"nope\",\"content\":\"x\"}]")) {
      String body =
          bad.startsWith("\"messages\"")
              ? "{\"model\":\"m\"," + bad + "}"
              : "{\"model\":\"m\","
                  + bad
                  + ",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
      GatewayException e = assertThrows(GatewayException.class, () -> converted(body));
      assertEquals(400, e.status(), bad);
    }
  }

  @Test
  void aResponse_becomesAChatCompletion_withToolCalls_andAnErrorItsOpenAiShape() throws Exception {
    ChatOverGemini t = new ChatOverGemini(JSON, CLOCK);
    JsonNode c =
        tree(
            new String(
                t.body(
                    ("{\"responseId\":\"r1\",\"candidates\":[{\"content\":{\"role\":\"model\",\"parts\":["
                            + "{\"text\":\"plan\",\"thought\":true},{\"text\":\"Hi\"},{\"functionCall\":{\"name\":\"look\","
                            + "\"args\":{\"q\":2}}}]},\"finishReason\":\"STOP\"}],\"usageMetadata\":{\"promptTokenCount\":20,"
                            + "\"candidatesTokenCount\":4,\"thoughtsTokenCount\":6,\"cachedContentTokenCount\":8}}")
                        .getBytes(StandardCharsets.UTF_8)),
                StandardCharsets.UTF_8));
    JsonNode choice = c.get("choices").get(0);
    assertEquals(
        "Hi", choice.get("message").get("content").getStringValue(), "the thought left out");
    assertEquals("tool_calls", choice.get("finish_reason").getStringValue());
    assertEquals(
        "{\"q\":2}",
        choice
            .get("message")
            .get("tool_calls")
            .get(0)
            .get("function")
            .get("arguments")
            .getStringValue());
    assertEquals(20, c.get("usage").get("prompt_tokens").getIntValue());
    assertEquals(10, c.get("usage").get("completion_tokens").getIntValue());
    assertEquals(8, c.get("usage").get("prompt_tokens_details").get("cached_tokens").getIntValue());
    JsonNode error =
        tree(
            new String(
                t.body(
                    "{\"error\":{\"code\":404,\"message\":\"models/x is not found\",\"status\":\"NOT_FOUND\"}}"
                        .getBytes(StandardCharsets.UTF_8)),
                StandardCharsets.UTF_8));
    assertEquals("models/x is not found", error.get("error").get("message").getStringValue());
    assertEquals("invalid_request_error", error.get("error").get("type").getStringValue());
  }

  @Test
  void aStream_isChunkedChunkByChunk_andEndsWithDone() throws Exception {
    ChatOverGemini t = new ChatOverGemini(JSON, CLOCK);
    List<String> out = new ArrayList<>();
    for (String data :
        List.of(
            "{\"responseId\":\"r2\",\"candidates\":[{\"content\":{\"role\":\"model\",\"parts\":[{\"text\":\"Hel\"}]}}]}",
            "{\"responseId\":\"r2\",\"candidates\":[{\"content\":{\"role\":\"model\",\"parts\":[{\"text\":\"lo\"}]},"
                + "\"finishReason\":\"STOP\"}],\"usageMetadata\":{\"promptTokenCount\":3,\"candidatesTokenCount\":2}}")) {
      t.event(new SseEvent("", data, "data: " + data + "\n\n"))
          .forEach(b -> out.add(new String(b, StandardCharsets.UTF_8)));
    }
    assertEquals(5, out.size(), out.toString());
    assertTrue(out.get(0).contains("\"role\":\"assistant\""), out.get(0));
    assertTrue(out.get(1).contains("\"content\":\"Hel\""), out.get(1));
    assertTrue(out.get(2).contains("\"content\":\"lo\""), out.get(2));
    assertTrue(out.get(3).contains("\"finish_reason\":\"stop\""), out.get(3));
    assertEquals("data: [DONE]\n\n", out.get(4));
  }
}
