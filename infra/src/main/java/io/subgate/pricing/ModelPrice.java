package io.subgate.pricing;

import org.jspecify.annotations.Nullable;

/**
 * The price of a model (or of every model a trailing-{@code *} pattern matches).
 *
 * @param longContextAbove when positive, a prompt of more tokens than this (input, cache writes and
 *     reads together) is billed wholly at {@code longContext} (Gemini's and Sonnet's 200k tier)
 * @param source where the figures come from: the provider's price page, or {@code override}
 */
public record ModelPrice(
    String model, Rates rates, long longContextAbove, @Nullable Rates longContext, String source) {
  public ModelPrice {
    if (model.isBlank() || model.indexOf('*') >= 0 && !model.endsWith("*")) {
      throw new IllegalArgumentException("a model name, or a pattern with one trailing *");
    }
    if ((longContextAbove > 0) != (longContext != null)) {
      throw new IllegalArgumentException("a long-context tier needs both its threshold and rates");
    }
  }

  public ModelPrice(String model, Rates rates, String source) {
    this(model, rates, 0, null, source);
  }

  /** What {@code usage} costs, in pico-dollars. */
  public long cost(TokenUsage usage) {
    Rates tier = longContext;
    return tier != null && usage.prompt() > longContextAbove ? tier.cost(usage) : rates.cost(usage);
  }

  boolean pattern() {
    return model.endsWith("*");
  }

  boolean matches(String name) {
    return pattern() ? name.startsWith(model.substring(0, model.length() - 1)) : name.equals(model);
  }
}
