package io.subgate.alert;

import io.subgate.account.Account;
import io.subgate.account.AccountRepository;
import io.subgate.account.AccountStatus;
import io.subgate.account.Cooldowns;
import io.subgate.tenancy.Group;
import io.subgate.tenancy.GroupRepository;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Compares the pool with the conditions told so far and tells what started and what cleared: an
 * account in {@code error}; an account parked (rate limit, overload or temp-unschedulable) until
 * more than an hour from now; a group whose accounts are none schedulable; a refresher sweep with
 * failures. Run after each refresher sweep — the pool is read from the database, never from a
 * request.
 */
@Singleton
public final class AlertWatch {
  static final Duration PARKED = Duration.ofHours(1);
  private static final Set<String> POOL_KINDS =
      Set.of("account.error", "account.parked", "group.unschedulable");

  private final AccountRepository accounts;
  private final GroupRepository groups;
  private final AlertStore store;
  private final AlertDispatcher dispatcher;
  private final Clock clock;

  public AlertWatch(
      AccountRepository accounts,
      GroupRepository groups,
      AlertStore store,
      AlertDispatcher dispatcher,
      Clock clock) {
    this.accounts = accounts;
    this.groups = groups;
    this.store = store;
    this.dispatcher = dispatcher;
    this.clock = clock;
  }

  private record Condition(String kind, String summary) {}

  /** Tells the pool's conditions that started or cleared since the last look. */
  public void evaluate() {
    Instant now = clock.instant();
    Map<String, Condition> active = new LinkedHashMap<>();
    Map<Long, Account> byId = new HashMap<>();
    long after = 0;
    List<Account> page;
    do {
      page = accounts.listAfter(after, 500);
      for (Account a : page) {
        after = a.id();
        if (a.deleted()) {
          continue;
        }
        byId.put(a.id(), a);
        String who = "account " + a.id() + " (" + a.name() + ")";
        if (a.status() == AccountStatus.ERROR) {
          active.put(
              "account.error:" + a.id(),
              new Condition("account.error", who + " is in error: " + a.errorMessage()));
        } else if (a.status() == AccountStatus.ACTIVE) {
          Instant until = parkedUntil(a.cooldowns(), now);
          if (until != null && until.isAfter(now.plus(PARKED))) {
            active.put(
                "account.parked:" + a.id(),
                new Condition("account.parked", who + " is parked until " + until + reason(a)));
          }
        }
      }
    } while (page.size() == 500);
    long groupAfter = 0;
    List<Group> groupPage;
    do {
      groupPage = groups.list(groupAfter, 500);
      for (Group g : groupPage) {
        groupAfter = g.id();
        List<Account> members =
            groups.accountIds(g.id()).stream().map(byId::get).filter(a -> a != null).toList();
        if (!members.isEmpty() && members.stream().noneMatch(a -> a.isSchedulableAt(now))) {
          active.put(
              "group.unschedulable:" + g.id(),
              new Condition(
                  "group.unschedulable",
                  "group "
                      + g.id()
                      + " ("
                      + g.name()
                      + ") has no schedulable account of "
                      + members.size()));
        }
      }
    } while (groupPage.size() == 500);
    settle(active, POOL_KINDS, now);
  }

  /** Tells a sweep's failures (once, until a sweep has none). */
  public void afterSweep(int failed, int disabled) {
    Instant now = clock.instant();
    Map<String, Condition> active = new LinkedHashMap<>();
    if (failed + disabled > 0) {
      active.put(
          "refresh.failures",
          new Condition(
              "refresh.failures",
              "the refresher's sweep failed "
                  + failed
                  + " refresh(es) and put "
                  + disabled
                  + " account(s) in error"));
    }
    settle(active, Set.of("refresh.failures"), now);
  }

  private void settle(Map<String, Condition> active, Set<String> kinds, Instant now) {
    for (Map.Entry<String, Condition> e : active.entrySet()) {
      Condition c = e.getValue();
      if (store.open(e.getKey(), c.kind(), c.summary(), now)) {
        dispatcher.raise(new Alert(e.getKey(), c.kind(), true, c.summary(), now));
      }
    }
    for (AlertStore.OpenCondition open : store.openConditions()) {
      if (kinds.contains(open.kind())
          && !active.containsKey(open.condition())
          && store.close(open.condition())) {
        dispatcher.raise(
            new Alert(open.condition(), open.kind(), false, "cleared: " + open.summary(), now));
      }
    }
  }

  private static @Nullable Instant parkedUntil(Cooldowns c, Instant now) {
    Instant latest = null;
    for (Instant end :
        new Instant[] {c.rateLimitedUntil(), c.overloadUntil(), c.tempUnschedulableUntil()}) {
      if (end != null && end.isAfter(now) && (latest == null || end.isAfter(latest))) {
        latest = end;
      }
    }
    return latest;
  }

  private static String reason(Account a) {
    String why = a.cooldowns().tempUnschedulableReason();
    return why == null ? "" : " (" + why + ")";
  }
}
