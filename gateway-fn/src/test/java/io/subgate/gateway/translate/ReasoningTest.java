package io.subgate.gateway.translate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import io.subgate.gateway.protocol.GatewayException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Reasoning asked for in one protocol, as the other protocols ask for it. */
class ReasoningTest {
  private static final JsonMapper JSON = JsonMapper.createDefault();

  private static JsonNode tree(byte[] b) throws Exception {
    return JSON.readValue(new String(b, StandardCharsets.UTF_8), JsonNode.class);
  }

  private static JsonNode tree(String s) throws Exception {
    return JSON.readValue(s, JsonNode.class);
  }

  @Test
  void chatsReasoningEffort_isAThinkingBudget_aboveTheAnswersRoom() throws Exception {
    JsonNode m =
        tree(
            ChatRequests.toMessages(
                tree(
                    "{\"model\":\"m\",\"max_completion_tokens\":500,\"reasoning_effort\":\"medium\","
                        + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"),
                JSON));
    assertEquals("enabled", m.get("thinking").get("type").getStringValue());
    assertEquals(Reasoning.MEDIUM, m.get("thinking").get("budget_tokens").getLongValue());
    assertEquals(500 + Reasoning.MEDIUM, m.get("max_tokens").getLongValue());

    JsonNode none =
        tree(
            ChatRequests.toMessages(
                tree(
                    "{\"model\":\"m\",\"reasoning_effort\":\"minimal\","
                        + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"),
                JSON));
    assertNull(none.get("thinking"));
    assertEquals(ChatRequests.DEFAULT_MAX_TOKENS, none.get("max_tokens").getLongValue());

    GatewayException bad =
        assertThrows(
            GatewayException.class,
            () ->
                ChatRequests.toMessages(
                    tree(
                        "{\"model\":\"m\",\"reasoning_effort\":\"extreme\","
                            + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"),
                    JSON));
    assertEquals(400, bad.status());
    assertTrue(String.valueOf(bad.getMessage()).startsWith("reasoning_effort"));
  }

  @Test
  void responsesReasoningEffort_isAThinkingBudget() throws Exception {
    JsonNode m =
        tree(
            ResponsesRequests.toMessages(
                tree("{\"model\":\"m\",\"reasoning\":{\"effort\":\"high\"},\"input\":\"hi\"}"),
                JSON));
    assertEquals(Reasoning.HIGH, m.get("thinking").get("budget_tokens").getLongValue());
    assertEquals(
        ChatRequests.DEFAULT_MAX_TOKENS + Reasoning.HIGH, m.get("max_tokens").getLongValue());
  }

  @Test
  void anthropicThinking_isGeminisBudgetWithItsThoughts() throws Exception {
    JsonNode g =
        tree(
            MessagesGeminiRequests.toGemini(
                tree(
                    "{\"model\":\"m\",\"max_tokens\":9000,\"thinking\":{\"type\":\"enabled\","
                        + "\"budget_tokens\":2048},\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"),
                JSON));
    JsonNode config = g.get("generationConfig").get("thinkingConfig");
    assertEquals(2048, config.get("thinkingBudget").getIntValue());
    assertTrue(config.get("includeThoughts").getBooleanValue(), "summaries become thinking blocks");
  }

  @Test
  void effortsAndBudgets_standForEachOther() {
    for (String effort : List.of("low", "medium", "high")) {
      long budget = Reasoning.budget(effort, "f");
      JsonNode thinking =
          JsonBuild.obj().put("type", "enabled").put("budget_tokens", budget).node();
      assertEquals(effort, Reasoning.effort(thinking), "round trip of " + effort);
    }
    assertNull(Reasoning.effort(JsonBuild.obj().put("type", "disabled").node()));
    assertEquals("medium", Reasoning.effort(JsonBuild.obj().put("type", "adaptive").node()));
  }
}
