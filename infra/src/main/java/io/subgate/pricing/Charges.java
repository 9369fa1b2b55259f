package io.subgate.pricing;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** A cost at API prices scaled by a rate multiplier, in whole pico-dollars (half up). */
public final class Charges {
  private Charges() {}

  /** A multiplier as stored: four decimals (NUMERIC(10,4)), so equal rates compare equal. */
  public static BigDecimal normalized(BigDecimal multiplier) {
    return multiplier.setScale(4, RoundingMode.HALF_UP);
  }

  public static long apply(long pico, BigDecimal multiplier) {
    if (multiplier.compareTo(BigDecimal.ONE) == 0) {
      return pico;
    }
    return BigDecimal.valueOf(pico)
        .multiply(multiplier)
        .setScale(0, RoundingMode.HALF_UP)
        .longValueExact();
  }
}
