package io.subgate.pricing;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The prices in force: the operator's overrides first, then the bundled table; within each, an
 * exact name before the longest matching pattern. Names match without regard to case. Immutable.
 *
 * @param version the bundled table's version, with {@code +o} and a digest of the overrides when
 *     there are any, so a stored cost names the figures it was computed from
 */
public record PriceTable(String version, List<ModelPrice> overrides, List<ModelPrice> bundled) {
  public PriceTable {
    overrides = sorted(overrides);
    bundled = sorted(bundled);
  }

  /** The price of {@code model}, or empty when nothing matches it (never priced at 0 silently). */
  public Optional<ModelPrice> find(String model) {
    String name = model.toLowerCase(Locale.ROOT);
    Optional<ModelPrice> own = find(overrides, name);
    return own.isPresent() ? own : find(bundled, name);
  }

  /** The same bundled table under other overrides. */
  public PriceTable withOverrides(String bundledVersion, List<ModelPrice> newOverrides) {
    return new PriceTable(
        newOverrides.isEmpty()
            ? bundledVersion
            : bundledVersion + "+o" + PriceJson.digest(newOverrides),
        newOverrides,
        bundled);
  }

  private static Optional<ModelPrice> find(List<ModelPrice> prices, String name) {
    // Sorted: exact names first, then patterns longest first, so the first match is the best.
    for (ModelPrice p : prices) {
      if (p.matches(name)) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }

  private static List<ModelPrice> sorted(List<ModelPrice> prices) {
    List<ModelPrice> out = new ArrayList<>();
    for (ModelPrice p : prices) {
      String lower = p.model().toLowerCase(Locale.ROOT);
      out.add(
          lower.equals(p.model())
              ? p
              : new ModelPrice(
                  lower, p.rates(), p.longContextAbove(), p.longContext(), p.source()));
    }
    out.sort(
        Comparator.comparing(ModelPrice::pattern)
            .thenComparing(Comparator.comparingInt((ModelPrice p) -> p.model().length()).reversed())
            .thenComparing(ModelPrice::model));
    return List.copyOf(out);
  }
}
