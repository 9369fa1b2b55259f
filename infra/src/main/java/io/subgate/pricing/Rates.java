package io.subgate.pricing;

/**
 * Pico-dollars per token (see {@link Usd}) for each kind of token. {@code reasoning} is -1 when
 * reasoning is billed as output (every provider today).
 */
public record Rates(
    long input, long output, long cacheWrite5m, long cacheWrite1h, long cacheRead, long reasoning) {
  public Rates {
    if (input < 0 || output < 0 || cacheWrite5m < 0 || cacheWrite1h < 0 || cacheRead < 0) {
      throw new IllegalArgumentException("a rate is never negative");
    }
  }

  /** What {@code usage} costs at these rates, in pico-dollars. */
  public long cost(TokenUsage usage) {
    long output = usage.output();
    long reasoningCost = 0;
    if (reasoning >= 0) {
      output -= usage.reasoning();
      reasoningCost = Math.multiplyExact(usage.reasoning(), reasoning);
    }
    return Math.addExact(
        Math.addExact(
            Math.addExact(
                Math.multiplyExact(usage.input(), input), Math.multiplyExact(output, this.output)),
            Math.addExact(
                Math.multiplyExact(usage.cacheWrite5m(), cacheWrite5m),
                Math.multiplyExact(usage.cacheWrite1h(), cacheWrite1h))),
        Math.addExact(Math.multiplyExact(usage.cacheRead(), cacheRead), reasoningCost));
  }
}
