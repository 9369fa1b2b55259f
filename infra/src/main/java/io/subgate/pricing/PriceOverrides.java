package io.subgate.pricing;

import java.util.List;

/**
 * The operator's prices, stored where every gateway process reads them.
 *
 * <p>Contract: {@link #put} replaces the price of the same model name (or pattern, compared without
 * regard to case) and {@link #all} then returns it as put; {@link #remove} answers whether there
 * was one. Thread-safe.
 */
public interface PriceOverrides {
  List<ModelPrice> all();

  void put(ModelPrice price);

  boolean remove(String model);
}
