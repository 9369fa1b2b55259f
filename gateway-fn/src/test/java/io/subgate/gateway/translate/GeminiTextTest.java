package io.subgate.gateway.translate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.micronaut.json.tree.JsonNode;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.Test;

/** Which Gemini chunks the streaming reader takes, and what it reads from them. */
class GeminiTextTest {

  @Test
  void aPlainTextChunk_isRead_withItsUsageAndId() {
    GeminiText t =
        Objects.requireNonNull(
            GeminiText.of(
                "{\"candidates\":[{\"content\":{\"role\":\"model\",\"parts\":[{\"text\":\"Hel\"},"
                    + "{\"text\":\"lo \\\"x\\\"\\n\"}]},\"index\":0,\"safetyRatings\":[{\"a\":1}]}],"
                    + "\"usageMetadata\":{\"promptTokenCount\":7,\"candidatesTokenCount\":2,"
                    + "\"promptTokensDetails\":[{\"modality\":\"TEXT\",\"tokenCount\":7}]},"
                    + "\"modelVersion\":\"gemini-2.5-flash\",\"responseId\":\"r-1\"}"));
    assertEquals("Hello \"x\"\n", t.text());
    assertEquals("r-1", t.responseId());
    JsonNode usage = Objects.requireNonNull(t.usage());
    assertEquals(7, usage.get("promptTokenCount").getLongValue());
    assertEquals(2, usage.get("candidatesTokenCount").getLongValue());
  }

  @Test
  void everyOtherChunk_isLeftToTheGeneralReading() {
    for (String other :
        List.of(
            "{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"t\",\"thought\":true}]}}]}",
            "{\"candidates\":[{\"content\":{\"parts\":[{\"functionCall\":{\"name\":\"f\"}}]}}]}",
            "{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"t\"}]},\"finishReason\":\"STOP\"}]}",
            "{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"a\"}]}},"
                + "{\"content\":{\"parts\":[{\"text\":\"b\"}]}}]}",
            "{\"error\":{\"code\":429}}",
            "{\"usageMetadata\":{\"promptTokenCount\":1}}",
            "not json",
            "[]")) {
      assertNull(GeminiText.of(other), other);
    }
  }
}
