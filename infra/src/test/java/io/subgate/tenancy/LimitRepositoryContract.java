package io.subgate.tenancy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

/** {@link LimitRepository} as every implementation must behave (the fake and the database). */
public abstract class LimitRepositoryContract {
  protected abstract LimitRepository limits();

  private static long id() {
    return ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE / 2);
  }

  @Test
  void find_answersEveryOwner_noneForThoseNeverSet() {
    long id = id();
    Limits set =
        new Limits(
            60,
            new Budgets(
                Map.of(BudgetWindow.FIVE_HOURS, 2_500_000L, BudgetWindow.WEEK, 40_000_000L)));
    limits().put(Owner.user(id), set);

    Map<Owner, Limits> found =
        limits().find(List.of(Owner.user(id), Owner.key(id), Owner.group(id)));

    assertEquals(
        Map.of(Owner.user(id), set, Owner.key(id), Limits.NONE, Owner.group(id), Limits.NONE),
        found);
  }

  @Test
  void put_replaces_andNoneClears() {
    long id = id();
    limits().put(Owner.group(id), new Limits(5, Budgets.NONE));
    Limits next = new Limits(0, new Budgets(Map.of(BudgetWindow.MONTH, 1L)));
    limits().put(Owner.group(id), next);
    assertEquals(next, limits().find(List.of(Owner.group(id))).get(Owner.group(id)));

    limits().put(Owner.group(id), Limits.NONE);

    assertEquals(Limits.NONE, limits().find(List.of(Owner.group(id))).get(Owner.group(id)));
  }
}
