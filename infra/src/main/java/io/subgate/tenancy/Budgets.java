package io.subgate.tenancy;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * USD limits of a key, a user or a group per {@link BudgetWindow}, in micro-dollars ({@link
 * io.subgate.pricing.Usd}); a window without one is unlimited. Stored as {@code 5h=…,day=…}.
 */
public record Budgets(Map<BudgetWindow, Long> micros) {
  public static final Budgets NONE = new Budgets(Map.of());

  public Budgets {
    EnumMap<BudgetWindow, Long> kept = new EnumMap<>(BudgetWindow.class);
    micros.forEach(
        (w, v) -> {
          if (v < 0) {
            throw new IllegalArgumentException("a budget is never negative");
          }
          if (v > 0) {
            kept.put(w, v);
          }
        });
    micros = Collections.unmodifiableMap(kept);
  }

  public boolean isEmpty() {
    return micros.isEmpty();
  }

  /** The column's text, or null for none. */
  public @Nullable String format() {
    if (micros.isEmpty()) {
      return null;
    }
    StringBuilder out = new StringBuilder();
    micros.forEach(
        (w, v) -> {
          if (out.length() > 0) {
            out.append(',');
          }
          out.append(w.wireName()).append('=').append(v);
        });
    return out.toString();
  }

  /** The budgets a column holds (null or empty: none). */
  public static Budgets parse(@Nullable String column) {
    if (column == null || column.isBlank()) {
      return NONE;
    }
    Map<BudgetWindow, Long> out = new EnumMap<>(BudgetWindow.class);
    for (String part : column.split(",")) {
      int eq = part.indexOf('=');
      out.put(BudgetWindow.fromWire(part.substring(0, eq)), Long.parseLong(part.substring(eq + 1)));
    }
    return new Budgets(out);
  }
}
