package io.subgate.testing;

import io.subgate.pricing.ModelPrice;
import io.subgate.pricing.PriceOverrides;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;

/** {@link PriceOverrides} in a map, for unit tests. */
public final class InMemoryPriceOverrides implements PriceOverrides {
  private final Map<String, ModelPrice> prices = new ConcurrentSkipListMap<>();

  @Override
  public List<ModelPrice> all() {
    return List.copyOf(prices.values());
  }

  @Override
  public void put(ModelPrice price) {
    prices.put(price.model().toLowerCase(Locale.ROOT), price);
  }

  @Override
  public boolean remove(String model) {
    return prices.remove(model.toLowerCase(Locale.ROOT)) != null;
  }
}
