package io.subgate.gateway.admission;

import io.subgate.pricing.Usd;
import io.subgate.routing.RequestGate;
import io.subgate.tenancy.BudgetWindow;
import io.subgate.tenancy.Budgets;
import io.subgate.tenancy.Owner;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where an owner's budgets stand, read from the gate's counters in one round trip: per window its
 * limit, what is spent (requests in flight counted at their reservation), what is left and when it
 * resets, in dollars.
 */
public final class BudgetStatus {
  private BudgetStatus() {}

  public static Map<String, Object> of(
      RequestGate gate, Owner owner, Budgets budgets, Instant now) {
    List<Map.Entry<BudgetWindow, Long>> windows = new ArrayList<>(budgets.micros().entrySet());
    List<List<String>> counters = new ArrayList<>();
    windows.forEach(w -> counters.add(RequestLimits.spendCounters(owner, w.getKey(), now)));
    List<Long> spent = gate.sums(counters);
    Map<String, Object> out = new LinkedHashMap<>();
    for (int i = 0; i < windows.size(); i++) {
      BudgetWindow w = windows.get(i).getKey();
      long limit = windows.get(i).getValue();
      long used = Math.max(0, spent.get(i));
      Map<String, Object> v = new LinkedHashMap<>();
      v.put("limit_usd", Usd.fromMicros(limit));
      v.put("spent_usd", Usd.fromMicros(used));
      v.put("remaining_usd", Usd.fromMicros(Math.max(0, limit - used)));
      v.put("resets_at", w.resetsAt(now));
      out.put(w.wireName(), v);
    }
    return out;
  }

  /** Budgets as the admin API writes them: dollars per window. */
  public static Map<String, Object> limits(Budgets budgets) {
    Map<String, Object> out = new LinkedHashMap<>();
    budgets.micros().forEach((w, v) -> out.put(w.wireName(), Usd.fromMicros(v)));
    return out;
  }
}
