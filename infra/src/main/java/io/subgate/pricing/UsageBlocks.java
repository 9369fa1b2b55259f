package io.subgate.pricing;

import io.micronaut.json.tree.JsonNode;
import org.jspecify.annotations.Nullable;

/**
 * A provider's usage block read into {@link TokenUsage}. Anthropic's {@code input_tokens} leaves
 * out cache writes ({@code cache_creation_input_tokens}, split by {@code
 * cache_creation.ephemeral_5m_input_tokens} / {@code ephemeral_1h_input_tokens}) and reads ({@code
 * cache_read_input_tokens}); OpenAI's {@code prompt_tokens} / {@code input_tokens} include their
 * {@code *_tokens_details.cached_tokens}, and its output includes {@code reasoning_tokens};
 * Gemini's {@code promptTokenCount} includes {@code cachedContentTokenCount} and its {@code
 * candidatesTokenCount} leaves out {@code thoughtsTokenCount}.
 */
public final class UsageBlocks {
  private UsageBlocks() {}

  /** An Anthropic or OpenAI (Chat Completions or Responses) {@code usage} object. */
  public static TokenUsage of(@Nullable JsonNode usage) {
    if (usage == null || !usage.isObject()) {
      return TokenUsage.NONE;
    }
    long cachedInPrompt = 0;
    for (String details : new String[] {"input_tokens_details", "prompt_tokens_details"}) {
      cachedInPrompt = Math.max(cachedInPrompt, number(usage.get(details), "cached_tokens"));
    }
    long reasoning = 0;
    for (String details : new String[] {"output_tokens_details", "completion_tokens_details"}) {
      reasoning = Math.max(reasoning, number(usage.get(details), "reasoning_tokens"));
    }
    long writes = number(usage, "cache_creation_input_tokens");
    JsonNode split = usage.get("cache_creation");
    long hour = number(split, "ephemeral_1h_input_tokens");
    long fiveMinutes = Math.max(number(split, "ephemeral_5m_input_tokens"), writes - hour);
    long input = Math.max(number(usage, "input_tokens"), number(usage, "prompt_tokens"));
    return new TokenUsage(
        Math.max(0, input - cachedInPrompt),
        Math.max(number(usage, "output_tokens"), number(usage, "completion_tokens")),
        Math.max(0, fiveMinutes),
        hour,
        number(usage, "cache_read_input_tokens") + cachedInPrompt,
        reasoning);
  }

  /** Gemini's {@code usageMetadata}. */
  public static TokenUsage gemini(@Nullable JsonNode metadata) {
    if (metadata == null || !metadata.isObject()) {
      return TokenUsage.NONE;
    }
    long cached = number(metadata, "cachedContentTokenCount");
    long thoughts = number(metadata, "thoughtsTokenCount");
    return new TokenUsage(
        Math.max(0, number(metadata, "promptTokenCount") - cached),
        number(metadata, "candidatesTokenCount") + thoughts,
        0,
        0,
        cached,
        thoughts);
  }

  private static long number(@Nullable JsonNode node, String name) {
    JsonNode v = node == null || !node.isObject() ? null : node.get(name);
    return v != null && v.isNumber() ? Math.max(0, v.getLongValue()) : 0;
  }
}
