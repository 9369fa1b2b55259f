package io.subgate.tenancy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BudgetWindowTest {
  private final Instant now = Instant.parse("2026-12-03T15:40:00Z"); // a Thursday

  @Test
  void bucketsAndResets_inUtc() {
    long hour = now.getEpochSecond() / 3_600;
    assertEquals(
        List.of("h" + hour, "h" + (hour - 1), "h" + (hour - 2), "h" + (hour - 3), "h" + (hour - 4)),
        BudgetWindow.FIVE_HOURS.buckets(now));
    assertEquals(Instant.parse("2026-12-03T16:00:00Z"), BudgetWindow.FIVE_HOURS.resetsAt(now));
    assertEquals(List.of("d" + now.getEpochSecond() / 86_400), BudgetWindow.DAY.buckets(now));
    assertEquals(Instant.parse("2026-12-04T00:00:00Z"), BudgetWindow.DAY.resetsAt(now));
    assertEquals(
        BudgetWindow.WEEK.buckets(Instant.parse("2026-11-30T00:00:00Z")),
        BudgetWindow.WEEK.buckets(now),
        "the week starts on Monday the 30th");
    assertEquals(Instant.parse("2026-12-07T00:00:00Z"), BudgetWindow.WEEK.resetsAt(now));
    assertEquals(List.of("m202612"), BudgetWindow.MONTH.buckets(now));
    assertEquals(Instant.parse("2027-01-01T00:00:00Z"), BudgetWindow.MONTH.resetsAt(now));
  }

  @Test
  void budgets_keepOnlyWindowsWithALimit_andSurviveTheirColumn() {
    Budgets b =
        new Budgets(
            Map.of(
                BudgetWindow.DAY, 1_000_000L, BudgetWindow.WEEK, 0L, BudgetWindow.FIVE_HOURS, 7L));
    assertEquals(Map.of(BudgetWindow.DAY, 1_000_000L, BudgetWindow.FIVE_HOURS, 7L), b.micros());
    assertEquals("5h=7,day=1000000", b.format());
    assertEquals(b, Budgets.parse(b.format()));
    assertEquals(Budgets.NONE, Budgets.parse(null));
  }
}
