package io.subgate.gateway.proxy;

import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import io.subgate.gateway.dialect.UpstreamEvents;
import io.subgate.pricing.TokenUsage;
import io.subgate.pricing.UsageBlocks;
import java.io.IOException;
import org.jspecify.annotations.Nullable;

/**
 * The tokens an answer used (from an Anthropic or OpenAI usage block, or Gemini's usage metadata)
 * and the model the upstream said answered.
 */
record UsageCounts(TokenUsage tokens, @Nullable String model) {
  static final UsageCounts NONE = new UsageCounts(TokenUsage.NONE, null);

  /** The figures a stream's events carried. */
  static UsageCounts of(UpstreamEvents events) {
    return new UsageCounts(events.usage(), events.model());
  }

  /**
   * The usage block of a complete (non-streamed) response body, zeros when it has none; null when
   * the body is not a JSON object at all (a broken upstream answer).
   */
  static @Nullable UsageCounts ofBody(JsonMapper json, byte[] body) {
    try {
      JsonNode root = json.readValue(body, JsonNode.class);
      if (root == null || !root.isObject()) {
        return null;
      }
      JsonNode usage = root.get("usage");
      if (usage == null || !usage.isObject()) {
        return gemini(root);
      }
      return new UsageCounts(UsageBlocks.of(usage), text(root.get("model")));
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /** Gemini's {@code usageMetadata}, at the top or inside Code Assist's {@code response}. */
  private static UsageCounts gemini(JsonNode root) {
    JsonNode response = root.get("response");
    JsonNode answer = response != null && response.isObject() ? response : root;
    JsonNode usage = answer.get("usageMetadata");
    if (usage == null || !usage.isObject()) {
      return NONE;
    }
    return new UsageCounts(UsageBlocks.gemini(usage), text(answer.get("modelVersion")));
  }

  private static @Nullable String text(@Nullable JsonNode node) {
    return node != null && node.isString() ? node.getStringValue() : null;
  }
}
