package io.subgate.pricing;

/**
 * The tokens one answer used, in one meaning whatever the provider: {@code input} is the prompt
 * billed at the input rate (without cache writes or reads, which OpenAI and Gemini count inside
 * their prompt figure and Anthropic does not); {@code output} everything generated, reasoning
 * included; {@code reasoning} the part of {@code output} that was reasoning (OpenAI's {@code
 * reasoning_tokens}, Gemini's {@code thoughtsTokenCount}).
 */
public record TokenUsage(
    long input, long output, long cacheWrite5m, long cacheWrite1h, long cacheRead, long reasoning) {
  public static final TokenUsage NONE = new TokenUsage(0, 0, 0, 0, 0, 0);

  public TokenUsage {
    if (input < 0 || output < 0 || cacheWrite5m < 0 || cacheWrite1h < 0 || cacheRead < 0) {
      throw new IllegalArgumentException("token counts are never negative");
    }
    reasoning = Math.max(0, Math.min(reasoning, output));
  }

  /** Prompt-cache writes of either lifetime. */
  public long cacheWrites() {
    return cacheWrite5m + cacheWrite1h;
  }

  /** The whole prompt: input, cache writes and cache reads. */
  public long prompt() {
    return input + cacheWrites() + cacheRead;
  }

  /** Every token the provider counted. */
  public long total() {
    return prompt() + output;
  }

  /** Field by field, the larger of the two (a stream repeats its figures as they grow). */
  public TokenUsage max(TokenUsage o) {
    return new TokenUsage(
        Math.max(input, o.input),
        Math.max(output, o.output),
        Math.max(cacheWrite5m, o.cacheWrite5m),
        Math.max(cacheWrite1h, o.cacheWrite1h),
        Math.max(cacheRead, o.cacheRead),
        Math.max(reasoning, o.reasoning));
  }
}
