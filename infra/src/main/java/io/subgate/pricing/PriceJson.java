package io.subgate.pricing;

import io.micronaut.json.tree.JsonNode;
import io.subgate.support.Digests;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Prices as JSON, in dollars per million tokens as providers publish them: {@code {"model",
 * "input", "output", "cache_write_5m", "cache_write_1h", "cache_read", "reasoning"?,
 * "long_context": {"above", "input", …}?, "source"?}}. Reading refuses what cannot be a price
 * (missing rates, negative figures, more than six decimals) with {@link IllegalArgumentException}
 * naming the field.
 */
public final class PriceJson {
  private PriceJson() {}

  public static ModelPrice read(JsonNode node, String defaultSource) {
    JsonNode model = node.isObject() ? node.get("model") : null;
    if (model == null || !model.isString() || model.getStringValue().isBlank()) {
      throw new IllegalArgumentException("model: a model name or a pattern ending in *");
    }
    return read(node, model.getStringValue(), defaultSource);
  }

  /** The price in {@code node} for {@code model} (a {@code model} field in it is not read). */
  public static ModelPrice read(JsonNode node, String model, String defaultSource) {
    if (!node.isObject()) {
      throw new IllegalArgumentException("a price is a JSON object");
    }
    if (model.isBlank()
        || model.length() > 256
        || model.chars().anyMatch(Character::isISOControl)
        || model.indexOf('*') >= 0 && model.indexOf('*') != model.length() - 1) {
      throw new IllegalArgumentException(
          "model: a model name or a pattern ending in * (at most 256 printable characters)");
    }
    JsonNode source = node.get("source");
    JsonNode tier = node.get("long_context");
    Rates rates = rates(node, "");
    if (tier == null || tier.isNull()) {
      return new ModelPrice(model, rates, 0, null, text(source, defaultSource));
    }
    if (!tier.isObject()) {
      throw new IllegalArgumentException("long_context: an object with above and its rates");
    }
    JsonNode above = tier.get("above");
    if (above == null || !above.isNumber() || above.getLongValue() <= 0) {
      throw new IllegalArgumentException("long_context.above: a positive token count");
    }
    return new ModelPrice(
        model,
        rates,
        above.getLongValue(),
        rates(tier, "long_context."),
        text(source, defaultSource));
  }

  public static Map<String, Object> write(ModelPrice p) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("model", p.model());
    out.putAll(rates(p.rates()));
    Rates tier = p.longContext();
    if (tier != null) {
      Map<String, Object> t = new LinkedHashMap<>();
      t.put("above", p.longContextAbove());
      t.putAll(rates(tier));
      out.put("long_context", t);
    }
    out.put("source", p.source());
    return out;
  }

  /** A short digest of a set of prices (the version suffix of overridden figures). */
  static String digest(List<ModelPrice> prices) {
    List<String> lines = new ArrayList<>();
    prices.forEach(p -> lines.add(write(p).toString()));
    lines.sort(null);
    return Digests.sha256Hex(String.join("\n", lines)).substring(0, 8);
  }

  private static Map<String, Object> rates(Rates r) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("input", Usd.perMillion(r.input()));
    out.put("output", Usd.perMillion(r.output()));
    out.put("cache_write_5m", Usd.perMillion(r.cacheWrite5m()));
    out.put("cache_write_1h", Usd.perMillion(r.cacheWrite1h()));
    out.put("cache_read", Usd.perMillion(r.cacheRead()));
    if (r.reasoning() >= 0) {
      out.put("reasoning", Usd.perMillion(r.reasoning()));
    }
    return out;
  }

  private static Rates rates(JsonNode node, String prefix) {
    long input = rate(node, prefix, "input", null);
    long output = rate(node, prefix, "output", null);
    // Unnamed cache rates follow the provider's usual ratios to the input rate (Anthropic's:
    // writes 1.25× for five minutes and 2× for an hour, reads 0.1×).
    return new Rates(
        input,
        output,
        rate(node, prefix, "cache_write_5m", input * 5 / 4),
        rate(node, prefix, "cache_write_1h", input * 2),
        rate(node, prefix, "cache_read", input / 10),
        rate(node, prefix, "reasoning", -1L));
  }

  private static long rate(JsonNode node, String prefix, String name, @Nullable Long absent) {
    JsonNode v = node.get(name);
    if (v == null || v.isNull()) {
      if (absent == null) {
        throw new IllegalArgumentException(
            prefix + name + ": required (dollars per million tokens)");
      }
      return absent;
    }
    try {
      BigDecimal d =
          v.isNumber()
              ? new BigDecimal(v.getNumberValue().toString())
              : v.isString() ? new BigDecimal(v.getStringValue()) : null;
      if (d == null) {
        throw new IllegalArgumentException(
            prefix + name + ": a number of dollars per million tokens");
      }
      if (d.signum() < 0) {
        throw new ArithmeticException("negative");
      }
      return Usd.perMillionToPicoPerToken(d);
    } catch (ArithmeticException | NumberFormatException e) {
      throw new IllegalArgumentException(
          prefix + name + ": a non-negative number with at most six decimals");
    }
  }

  private static String text(@Nullable JsonNode node, String absent) {
    return node != null && node.isString() && !node.getStringValue().isBlank()
        ? node.getStringValue()
        : absent;
  }
}
