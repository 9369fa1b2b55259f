package io.subgate.pricing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** {@link PriceOverrides} as every implementation must behave (the fake and the database). */
public abstract class PriceOverridesContract {
  protected abstract PriceOverrides overrides();

  private static ModelPrice price(String model, long input) {
    return new ModelPrice(
        model,
        new Rates(input, 2 * input, 0, 0, input / 10, -1),
        100_000,
        new Rates(2 * input, 4 * input, 0, 0, input / 5, 7),
        "override");
  }

  private List<ModelPrice> mine(String prefix) {
    return overrides().all().stream()
        .filter(p -> p.model().toLowerCase(java.util.Locale.ROOT).startsWith(prefix))
        .toList();
  }

  @Test
  void put_thenAll_returnsItAsPut_andAPutOfTheSameNameReplacesIt() {
    String prefix = "m-" + UUID.randomUUID().toString().substring(0, 8);
    overrides().put(price(prefix + "-a", 1_000_000));
    overrides().put(price(prefix + "-b*", 3_000_000));
    overrides().put(price(prefix.toUpperCase(java.util.Locale.ROOT) + "-A", 5_000_000));

    List<ModelPrice> found = mine(prefix);
    assertEquals(2, found.size(), found.toString());
    assertTrue(found.contains(price(prefix + "-b*", 3_000_000)));
    assertEquals(
        5_000_000,
        overrides().all().stream()
            .filter(p -> p.model().equalsIgnoreCase(prefix + "-a"))
            .findFirst()
            .orElseThrow()
            .rates()
            .input(),
        "the same name in another case is the same model");
  }

  @Test
  void remove_saysWhetherThereWasOne() {
    String prefix = "r-" + UUID.randomUUID().toString().substring(0, 8);
    overrides().put(price(prefix, 1_000_000));

    assertTrue(overrides().remove(prefix.toUpperCase(java.util.Locale.ROOT)));
    assertFalse(overrides().remove(prefix));
    assertEquals(List.of(), mine(prefix));
  }
}
