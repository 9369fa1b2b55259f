package io.subgate.pricing;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Money in whole pico-dollars (10⁻¹² USD): a price of $X per million tokens is X·10⁶ pico-dollars
 * per token, so every published price (at most six decimals) and every request's cost is an exact
 * integer, and a request may cost up to nine million dollars before a {@code long} overflows.
 * Budget counters count micro-dollars (10⁻⁶), rounded up.
 */
public final class Usd {
  private Usd() {}

  private static final long PICO_PER_MICRO = 1_000_000L;

  /**
   * Dollars per million tokens → pico-dollars per token (exact; more than six decimals refused).
   */
  public static long perMillionToPicoPerToken(BigDecimal dollarsPerMillion) {
    if (dollarsPerMillion.signum() < 0) {
      throw new IllegalArgumentException("a price is never negative");
    }
    return dollarsPerMillion
        .movePointRight(6)
        .setScale(0, RoundingMode.UNNECESSARY)
        .longValueExact();
  }

  /** Pico-dollars per token → dollars per million tokens. */
  public static BigDecimal perMillion(long picoPerToken) {
    return BigDecimal.valueOf(picoPerToken, 6).stripTrailingZeros();
  }

  /** Pico-dollars → dollars, exact. */
  public static BigDecimal dollars(long pico) {
    return BigDecimal.valueOf(pico, 12).stripTrailingZeros();
  }

  /** Dollars → micro-dollars, rounded up (a budget of $0.0000001 still allows nothing free). */
  public static long micros(BigDecimal dollars) {
    return dollars.movePointRight(6).setScale(0, RoundingMode.CEILING).longValueExact();
  }

  /** Micro-dollars → dollars. */
  public static BigDecimal fromMicros(long micros) {
    return BigDecimal.valueOf(micros, 6).stripTrailingZeros();
  }

  /** Pico-dollars → micro-dollars, rounded up. */
  public static long picoToMicros(long pico) {
    return pico <= 0 ? 0 : (pico - 1) / PICO_PER_MICRO + 1;
  }
}
