package io.subgate.gateway.proxy;

import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import io.subgate.gateway.dialect.UpstreamEvents;
import java.io.IOException;
import org.jspecify.annotations.Nullable;

/**
 * Token counts from an Anthropic or OpenAI usage block, or Gemini's usage metadata, with the
 * prompt-cache figures and the model the upstream said answered.
 */
record UsageCounts(
    long input, long output, long cacheCreation, long cacheRead, @Nullable String model) {
  static final UsageCounts NONE = new UsageCounts(0, 0, 0, 0, null);

  /** The figures a stream's events carried. */
  static UsageCounts of(UpstreamEvents events) {
    return new UsageCounts(
        events.inputTokens(),
        events.outputTokens(),
        events.cacheCreationTokens(),
        events.cacheReadTokens(),
        events.model());
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
      return new UsageCounts(
          number(usage, "input_tokens", "prompt_tokens"),
          number(usage, "output_tokens", "completion_tokens"),
          number(usage, "cache_creation_input_tokens", "cache_creation_input_tokens"),
          UpstreamEvents.cachedRead(usage),
          text(root.get("model")));
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
    return new UsageCounts(
        number(usage, "promptTokenCount", "promptTokenCount"),
        number(usage, "candidatesTokenCount", "candidatesTokenCount")
            + number(usage, "thoughtsTokenCount", "thoughtsTokenCount"),
        0,
        number(usage, "cachedContentTokenCount", "cachedContentTokenCount"),
        text(answer.get("modelVersion")));
  }

  private static @Nullable String text(@Nullable JsonNode node) {
    return node != null && node.isString() ? node.getStringValue() : null;
  }

  static long number(JsonNode node, String name, String alternative) {
    JsonNode value = node.get(name);
    if (value == null) {
      value = node.get(alternative);
    }
    return value != null && value.isNumber() ? value.getLongValue() : 0;
  }
}
