package io.subgate.pricing;

import io.subgate.testing.InMemoryPriceOverrides;

class InMemoryPriceOverridesTest extends PriceOverridesContract {
  private final PriceOverrides overrides = new InMemoryPriceOverrides();

  @Override
  protected PriceOverrides overrides() {
    return overrides;
  }
}
