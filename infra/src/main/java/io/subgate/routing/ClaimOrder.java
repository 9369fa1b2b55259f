package io.subgate.routing;

import io.subgate.concurrency.ConcurrencySlots.Load;
import io.subgate.concurrency.SlotPool;
import io.subgate.routing.RequestGate.Candidate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The order in which an admit tries to claim: priority, then load ((in use + waiting) / max), then
 * the caller's list order; accounts whose load is already at their concurrency are left out. The
 * Redis adapter's script ranks the same way.
 */
final class ClaimOrder {
  private ClaimOrder() {}

  static List<Integer> of(
      List<Candidate> candidates, List<SlotPool> pools, Map<SlotPool, Load> loads) {
    List<Integer> order = new ArrayList<>();
    double[] rate = new double[candidates.size()];
    for (int i = 0; i < candidates.size(); i++) {
      rate[i] = rate(candidates.get(i).max(), loads.getOrDefault(pools.get(i), new Load(0, 0)));
      if (rate[i] < 1.0) {
        order.add(i);
      }
    }
    order.sort(
        Comparator.<Integer>comparingInt(i -> candidates.get(i).priority())
            .thenComparingDouble(i -> rate[i])
            .thenComparingInt(i -> i));
    return order;
  }

  /** (in use + waiting) / max; 0 for an account without a limit. */
  static double rate(int max, Load load) {
    return max <= 0 ? 0 : (load.inUse() + load.waiting()) / (double) max;
  }
}
