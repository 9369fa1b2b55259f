package io.subgate.gateway.translate;

import static io.subgate.gateway.translate.JsonBuild.obj;
import static io.subgate.gateway.translate.JsonBuild.text;

import io.micronaut.json.tree.JsonNode;
import io.subgate.gateway.protocol.GatewayException;
import org.jspecify.annotations.Nullable;

/**
 * Reasoning asked for across protocols: OpenAI's effort ({@code reasoning_effort}, Responses'
 * {@code reasoning.effort}) and Anthropic's thinking budget ({@code thinking.budget_tokens}) stand
 * for each other — low 1 024 tokens (Anthropic's least), medium 4 096, high 16 384; a budget below
 * 4 096 is low, below 16 384 medium, else high; minimal and none ask for no thinking.
 */
final class Reasoning {
  static final long LOW = 1_024;
  static final long MEDIUM = 4_096;
  static final long HIGH = 16_384;

  private Reasoning() {}

  /**
   * The thinking budget OpenAI's {@code effort} stands for; 0 for none.
   *
   * @throws GatewayException 400 naming {@code field} for an effort OpenAI does not define
   */
  static long budget(String effort, String field) {
    return switch (effort) {
      case "", "none", "minimal" -> 0;
      case "low" -> LOW;
      case "medium" -> MEDIUM;
      case "high", "xhigh" -> HIGH;
      default ->
          throw new GatewayException(
              400, field + ": must be one of none, minimal, low, medium, high");
    };
  }

  /** OpenAI's effort for an Anthropic {@code thinking} object; null when it asks for none. */
  static @Nullable String effort(@Nullable JsonNode thinking) {
    switch (text(thinking, "type")) {
      case "enabled" -> {
        long budget = JsonBuild.number(thinking, "budget_tokens");
        return budget < MEDIUM ? "low" : budget < HIGH ? "medium" : "high";
      }
      case "adaptive" -> {
        return "medium";
      }
      default -> {
        return null;
      }
    }
  }

  /**
   * Thinking of {@code budget} tokens on a Messages request whose answer may take {@code
   * maxTokens}: Anthropic counts thinking inside {@code max_tokens} and wants it above the budget,
   * so the answer keeps the room the client asked for on top of the thinking.
   */
  static void think(JsonBuild.Obj messages, long maxTokens, long budget) {
    if (budget <= 0) {
      messages.put("max_tokens", maxTokens);
      return;
    }
    messages.put("max_tokens", maxTokens + budget);
    messages.put("thinking", obj().put("type", "enabled").put("budget_tokens", budget).node());
  }
}
