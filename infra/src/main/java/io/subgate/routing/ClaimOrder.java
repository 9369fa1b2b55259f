package io.subgate.routing;

import io.subgate.concurrency.ConcurrencySlots.Load;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.ToDoubleFunction;
import java.util.function.ToIntFunction;

/**
 * Selection's ranking: priority, then load ((in use + waiting) / max), then the caller's order
 * (least recently used, then random). Used by {@link AccountSelector} and the in-process gate's
 * claim; the Redis adapter's admit script ranks the same way.
 */
final class ClaimOrder {
  private ClaimOrder() {}

  /**
   * {@code preferred}, already in the caller's tie order, sorted by priority and then load; the
   * sort is stable, so ties keep that order.
   */
  static <T> List<T> rank(
      List<T> preferred, ToIntFunction<T> priority, ToDoubleFunction<T> loadRate) {
    List<T> ranked = new ArrayList<>(preferred);
    ranked.sort(Comparator.comparingInt(priority).thenComparingDouble(loadRate));
    return ranked;
  }

  /**
   * (in use + waiting) / max; 0 for an account without a limit; infinite for one at its pace, so it
   * is skipped like a full one and ranks after every other.
   */
  static double rate(int max, Load load) {
    if (load.paced()) {
      return Double.POSITIVE_INFINITY;
    }
    return max <= 0 ? 0 : (load.inUse() + load.waiting()) / (double) max;
  }
}
