package io.subgate.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.subgate.account.Account;
import io.subgate.account.AccountRepository;
import io.subgate.account.AccountType;
import io.subgate.account.NewAccount;
import io.subgate.account.Platform;
import io.subgate.account.QuotaReport;
import io.subgate.account.QuotaWindow;
import io.subgate.account.StaticKeyCredentials;
import io.subgate.adapter.memory.InMemoryConcurrencySlots;
import io.subgate.adapter.memory.InMemoryStickySessions;
import io.subgate.adapter.memory.InMemoryTokenCache;
import io.subgate.concurrency.SlotPool;
import io.subgate.routing.Selection.Acquired;
import io.subgate.routing.Selection.NoneAvailable;
import io.subgate.routing.Selection.Wait;
import io.subgate.testing.InMemoryAccountRepository;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.threeten.extra.MutableClock;

class AccountSelectorTest {
  private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");
  private static final Duration TTL = Duration.ofMinutes(15);

  private final MutableClock clock = MutableClock.of(NOW, ZoneOffset.UTC);
  private final AccountRepository accounts = new InMemoryAccountRepository(clock);
  private final InMemoryConcurrencySlots slots = new InMemoryConcurrencySlots(clock);
  private final InMemoryStickySessions sticky = new InMemoryStickySessions(clock);
  private final Deque<Double> dice = new ArrayDeque<>();
  private final AccountSelector selector =
      new AccountSelector(
          new ComposedRequestGate(slots, sticky, new InMemoryTokenCache(clock), clock),
          sticky,
          new SelectionSettings(
              Duration.ofHours(1),
              Duration.ofSeconds(120),
              3,
              Duration.ofSeconds(30),
              100,
              TTL,
              Duration.ofSeconds(5),
              90),
          () -> dice.isEmpty() ? 0.5 : dice.poll(),
          clock);

  private Account account(String name, int priority, int concurrency) {
    return accounts.create(
        new NewAccount(
            name,
            Platform.ANTHROPIC,
            AccountType.APIKEY,
            priority,
            concurrency,
            new StaticKeyCredentials("sk-" + name, null)));
  }

  private List<Account> reload(Account... as) {
    return java.util.Arrays.stream(as).map(a -> accounts.findById(a.id()).orElseThrow()).toList();
  }

  private Selection select(List<Account> candidates, @Nullable String hash, Set<Long> excluded) {
    return selector.select(new SelectionRequest(1, candidates, hash, excluded, "req"));
  }

  private Selection select(List<Account> candidates) {
    return selector.select(new SelectionRequest(1, candidates, null, Set.of(), "req"));
  }

  private static Account chosen(Selection s) {
    return assertInstanceOf(Acquired.class, s).account();
  }

  @Test
  void lowestPriorityValue_wins_andItsSlotIsHeld() {
    Account a = account("a", 10, 2);
    Account b = account("b", 5, 2);
    Acquired got = assertInstanceOf(Acquired.class, select(reload(a, b)));
    assertEquals(b.id(), got.account().id());
    assertEquals(1, slots.inUse(SlotPool.account(b.id()), TTL));
    assertEquals(SlotPool.account(b.id()), got.pool());
    slots.release(got.pool(), "req");
    assertEquals(0, slots.inUse(SlotPool.account(b.id()), TTL));
  }

  @Test
  void thenLowestLoad_thenLeastRecentlyUsed_thenRandom() {
    Account a = account("a", 1, 2);
    Account b = account("b", 1, 2);
    slots.tryAcquire(SlotPool.account(a.id()), "other", 2, TTL);
    assertEquals(b.id(), chosen(select(reload(a, b))).id(), "b is idle, a half full");
    slots.release(SlotPool.account(a.id()), "other");
    slots.release(SlotPool.account(b.id()), "req");

    accounts.touchLastUsed(a.id(), NOW.minusSeconds(10));
    accounts.touchLastUsed(b.id(), NOW.minusSeconds(60));
    assertEquals(b.id(), chosen(select(reload(a, b))).id(), "b used longer ago");
    slots.release(SlotPool.account(b.id()), "req");

    Account c = account("c", 1, 2);
    Account d = account("d", 1, 2);
    dice.addAll(List.of(0.9, 0.1));
    assertEquals(d.id(), chosen(select(reload(c, d))).id(), "ties broken by the injected dice");
  }

  private void reportUsed(Account a, double percent, Instant resetsAt) {
    accounts.recordQuota(
        a.id(), new QuotaReport(List.of(new QuotaWindow("5h", percent, 300, resetsAt)), NOW));
  }

  @Test
  void anAccountNearTheEndOfAUsageWindow_ranksAfterItsPriorityPeers_notAfterWorsePriorities() {
    Account tight = account("tight", 1, 2);
    Account roomy = account("roomy", 1, 2);
    Account worse = account("worse", 2, 2);
    accounts.touchLastUsed(tight.id(), NOW.minusSeconds(600));
    accounts.touchLastUsed(roomy.id(), NOW.minusSeconds(10));
    reportUsed(tight, 93, NOW.plusSeconds(3600));

    assertEquals(roomy.id(), chosen(select(reload(tight, roomy, worse))).id(), "headroom first");
    assertEquals(tight.id(), chosen(select(reload(tight, worse))).id(), "still before priority 2");

    reportUsed(tight, 93, NOW.minusSeconds(1));
    slots.release(SlotPool.account(tight.id()), "req");
    assertEquals(
        tight.id(),
        chosen(select(reload(tight, roomy))).id(),
        "a window that has reset is headroom again (and tight was used longer ago)");
  }

  @Test
  void fullAccounts_areSkipped_andAllFull_givesAWaitPlan() {
    Account a = account("a", 1, 1);
    Account b = account("b", 9, 1);
    slots.tryAcquire(SlotPool.account(a.id()), "busy-a", 1, TTL);
    assertEquals(b.id(), chosen(select(reload(a, b))).id());
    Wait wait = assertInstanceOf(Wait.class, select(reload(a, b)));
    assertEquals(a.id(), wait.account().id());
    assertEquals(Duration.ofSeconds(30), wait.timeout());
    assertEquals(100, wait.maxWaiting());
  }

  @Test
  void stickySession_staysOnItsAccount_whileHealthy() {
    Account a = account("a", 1, 2);
    Account b = account("b", 9, 2);
    sticky.bind(1, "sess", b.id(), Duration.ofHours(1));
    Acquired got = assertInstanceOf(Acquired.class, select(reload(a, b), "sess", Set.of()));
    assertEquals(b.id(), got.account().id());
    assertTrue(got.sticky());
  }

  @Test
  void stickySession_movesWhenItsAccountIsUnhealthy_andIsRebound() {
    Account a = account("a", 1, 2);
    Account b = account("b", 9, 2);
    sticky.bind(1, "sess", b.id(), Duration.ofHours(1));
    accounts.setRateLimitedUntil(b.id(), NOW.plusSeconds(60));
    Acquired got = assertInstanceOf(Acquired.class, select(reload(a, b), "sess", Set.of()));
    assertEquals(a.id(), got.account().id());
    assertFalse(got.sticky());
    assertEquals(Optional.of(a.id()), sticky.getAndTouch(1, "sess", Duration.ofHours(1)));
  }

  @Test
  void stickyAccountBusy_waitsOnIt_untilItsQueueIsFull() {
    Account a = account("a", 1, 1);
    Account b = account("b", 9, 1);
    sticky.bind(1, "sess", b.id(), Duration.ofHours(1));
    slots.tryAcquire(SlotPool.account(b.id()), "busy", 1, TTL);
    Wait wait = assertInstanceOf(Wait.class, select(reload(a, b), "sess", Set.of()));
    assertEquals(b.id(), wait.account().id());
    assertTrue(wait.sticky());
    assertEquals(Duration.ofSeconds(120), wait.timeout());
    for (int i = 0; i < 3; i++) {
      slots.enterWait(SlotPool.account(b.id()), "w" + i, 3, TTL);
    }
    assertEquals(a.id(), chosen(select(reload(a, b), "sess", Set.of())).id());
  }

  @Test
  void excludedAccounts_areNeverChosen_andKeepTheirBinding() {
    Account a = account("a", 1, 2);
    Account b = account("b", 9, 2);
    sticky.bind(1, "sess", a.id(), Duration.ofHours(1));
    assertEquals(b.id(), chosen(select(reload(a, b), "sess", Set.of(a.id()))).id());
    NoneAvailable none =
        assertInstanceOf(NoneAvailable.class, select(reload(a, b), null, Set.of(a.id(), b.id())));
    assertEquals("no account left to try", none.reason());
  }

  @Test
  void noneSchedulable_saysWhetherAllAreRateLimited_andWhenTheSoonestRecovers() {
    Account a = account("a", 1, 2);
    Account b = account("b", 1, 2);
    accounts.setRateLimitedUntil(a.id(), NOW.plusSeconds(300));
    accounts.setRateLimitedUntil(b.id(), NOW.plusSeconds(40));
    NoneAvailable limited = assertInstanceOf(NoneAvailable.class, select(reload(a, b)));
    assertTrue(limited.allRateLimited());
    assertEquals(NOW.plusSeconds(40), limited.retryAt());

    accounts.setRateLimitedUntil(b.id(), NOW.minusSeconds(1));
    accounts.setOverloadUntil(b.id(), NOW.plusSeconds(20));
    NoneAvailable mixed = assertInstanceOf(NoneAvailable.class, select(reload(a, b)));
    assertFalse(mixed.allRateLimited());
    assertEquals(NOW.plusSeconds(20), mixed.retryAt());
  }

  @Test
  void accountsThatDoNotServeTheModel_areSkipped() {
    Account any = account("any", 9, 2);
    Account sonnet =
        accounts.create(
            new NewAccount(
                "sonnet",
                Platform.ANTHROPIC,
                AccountType.APIKEY,
                1,
                2,
                new StaticKeyCredentials("sk-sonnet", null),
                List.of("claude-sonnet-4-5")));
    List<Account> both = reload(any, sonnet);
    assertEquals(
        sonnet.id(),
        chosen(
                selector.select(
                    new SelectionRequest(1, both, null, Set.of(), "r1", "claude-sonnet-4-5")))
            .id());
    assertEquals(
        any.id(),
        chosen(
                selector.select(
                    new SelectionRequest(1, both, null, Set.of(), "r2", "claude-opus-4-1")))
            .id(),
        "only the unrestricted account serves other models");
  }
}
