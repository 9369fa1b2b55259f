package io.subgate.account;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * What every {@link AccountRepository} must do; run against the in-memory fake, PostgreSQL and the
 * embedded H2 database.
 */
public abstract class AccountRepositoryContract {
  protected static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");

  protected abstract AccountRepository repository();

  protected static String unique(String base) {
    return base + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  protected static OAuthCredentials oauth(String access, @Nullable Instant expiresAt) {
    return new OAuthCredentials(access, "rt-" + access, expiresAt, "user:inference", null, null);
  }

  protected Account newOAuth(@Nullable Instant expiresAt) {
    return repository()
        .create(
            new NewAccount(
                unique("acct"),
                Platform.ANTHROPIC,
                AccountType.OAUTH,
                50,
                3,
                oauth("at-1", expiresAt)));
  }

  @Test
  void create_startsActiveAtVersionOne_andRoundTripsCredentials() {
    Instant expiry = NOW.plus(Duration.ofHours(8)).truncatedTo(ChronoUnit.MICROS);
    Account created = newOAuth(expiry);

    Account read = repository().findById(created.id()).orElseThrow();
    assertEquals(1L, read.credentialsVersion());
    assertEquals(AccountStatus.ACTIVE, read.status());
    assertTrue(read.schedulable());
    assertEquals(oauth("at-1", expiry), read.credentials());
    assertEquals(Cooldowns.NONE, read.cooldowns());
  }

  @Test
  void create_staticKey_roundTrips() {
    Account created =
        repository()
            .create(
                new NewAccount(
                    unique("key"),
                    Platform.OPENAI,
                    AccountType.UPSTREAM,
                    10,
                    7,
                    new StaticKeyCredentials(
                        "sk-relay",
                        "https://relay.example",
                        java.util.Map.of("gpt-5", "gpt-5-deployment", "o*", "o-deployment"))));
    Account read = repository().findById(created.id()).orElseThrow();
    assertEquals(
        new StaticKeyCredentials(
            "sk-relay",
            "https://relay.example",
            java.util.Map.of("gpt-5", "gpt-5-deployment", "o*", "o-deployment")),
        read.credentials());
    assertTrue(read.supports("gpt-5"), "a mapped name");
    assertTrue(read.supports("o3"), "a pattern");
    assertFalse(read.supports("gpt-4.1"), "a mapping lists what the key serves");
    assertEquals(10, read.priority());
    assertEquals(7, read.concurrency());
    assertEquals(AccountType.UPSTREAM, read.type());
  }

  @Test
  void create_duplicateName_isRejected() {
    Account first = newOAuth(NOW);
    NewAccount again =
        new NewAccount(first.name(), Platform.OPENAI, AccountType.OAUTH, 1, 1, oauth("x", NOW));
    assertThrows(DuplicateNameException.class, () -> repository().create(again));
    assertEquals(Platform.ANTHROPIC, repository().findById(first.id()).orElseThrow().platform());
  }

  @Test
  void models_andTheLastUpstreamFailure_roundTrip_withoutTouchingCredentials() {
    Account a =
        repository()
            .create(
                new NewAccount(
                    unique("models"),
                    Platform.OPENAI,
                    AccountType.OAUTH,
                    1,
                    1,
                    oauth("at-m", NOW),
                    java.util.List.of("gpt-5", "gpt-5-mini")));
    assertEquals(java.util.List.of("gpt-5", "gpt-5-mini"), a.models());
    assertTrue(a.lastUpstreamFailure() == null);
    repository().recordUpstreamFailure(a.id(), new LastUpstreamFailure(429, "rate_limited", NOW));
    Account read = repository().findById(a.id()).orElseThrow();
    assertEquals(new LastUpstreamFailure(429, "rate_limited", NOW), read.lastUpstreamFailure());
    assertEquals(java.util.List.of("gpt-5", "gpt-5-mini"), read.models());
    assertEquals(a.credentialsVersion(), read.credentialsVersion());
  }

  @Test
  void quota_isStoredAndReplaced() {
    Account a = newOAuth(NOW);
    assertTrue(a.quota() == null);
    QuotaReport first =
        new QuotaReport(
            java.util.List.of(
                new QuotaWindow("5h", 42.5, 300, NOW.plusSeconds(600)),
                new QuotaWindow("7d", 100.0, 10080, NOW.plusSeconds(86_400))),
            NOW);
    repository().recordQuota(a.id(), first);
    assertEquals(first, repository().findById(a.id()).orElseThrow().quota());
    QuotaReport second =
        new QuotaReport(
            java.util.List.of(new QuotaWindow("5h", 1.0, 300, NOW.plusSeconds(60))),
            NOW.plusSeconds(30));
    repository().recordQuota(a.id(), second);
    Account read = repository().findById(a.id()).orElseThrow();
    assertEquals(second, read.quota());
    assertFalse(second.windows().get(0).exhausted());
    assertEquals(a.credentialsVersion(), read.credentialsVersion(), "credentials untouched");
  }

  @Test
  void findById_unknown_isEmpty() {
    assertTrue(repository().findById(Long.MAX_VALUE).isEmpty());
  }

  @Test
  void compareAndSet_currentVersionWins_staleVersionLoses() {
    Account a = newOAuth(NOW);
    OAuthCredentials next = oauth("at-2", NOW.plus(Duration.ofHours(1)));

    assertTrue(repository().compareAndSetCredentials(a.id(), 1L, next));
    assertFalse(repository().compareAndSetCredentials(a.id(), 1L, oauth("at-stale", NOW)));

    Account read = repository().findById(a.id()).orElseThrow();
    assertEquals(2L, read.credentialsVersion());
    assertEquals("at-2", ((OAuthCredentials) read.credentials()).accessToken());
  }

  @Test
  void compareAndSet_unknownAccount_returnsFalse() {
    assertFalse(repository().compareAndSetCredentials(Long.MAX_VALUE, 1L, oauth("x", NOW)));
  }

  @Test
  void compareAndSet_eightConcurrentWritersOnOneVersion_exactlyOneWins() throws Exception {
    Account a = newOAuth(NOW);
    int threads = 8;
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<Boolean>> results = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        String token = "at-writer-" + i;
        results.add(
            pool.submit(
                () -> {
                  start.await(5, TimeUnit.SECONDS);
                  return repository().compareAndSetCredentials(a.id(), 1L, oauth(token, NOW));
                }));
      }
      start.countDown();
      int wins = 0;
      String winner = null;
      for (int i = 0; i < threads; i++) {
        if (results.get(i).get(10, TimeUnit.SECONDS)) {
          wins++;
          winner = "at-writer-" + i;
        }
      }
      assertEquals(1, wins, "exactly one writer wins the compare-and-set");
      Account read = repository().findById(a.id()).orElseThrow();
      assertEquals(2L, read.credentialsVersion());
      assertEquals(winner, ((OAuthCredentials) read.credentials()).accessToken());
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void credentialsWrite_doesNotClobberConcurrentStateWrites() {
    Account snapshot = newOAuth(NOW);
    Instant limited = NOW.plus(Duration.ofMinutes(5));
    Instant parked = NOW.plus(Duration.ofMinutes(10));

    // Another process parks the account after our snapshot was read.
    repository().setRateLimitedUntil(snapshot.id(), limited);
    repository().setTempUnschedulable(snapshot.id(), parked, "token refresh failed");
    assertTrue(
        repository()
            .compareAndSetCredentials(
                snapshot.id(), snapshot.credentialsVersion(), oauth("at-2", NOW)));

    Account read = repository().findById(snapshot.id()).orElseThrow();
    assertEquals(limited, read.cooldowns().rateLimitedUntil());
    assertEquals(parked, read.cooldowns().tempUnschedulableUntil());
    assertEquals("token refresh failed", read.cooldowns().tempUnschedulableReason());
    assertEquals("at-2", ((OAuthCredentials) read.credentials()).accessToken());
  }

  @Test
  void tempUnschedulable_isExtendOnly_andClears() {
    Account a = newOAuth(NOW);
    Instant later = NOW.plus(Duration.ofMinutes(10));
    repository().setTempUnschedulable(a.id(), later, "long");
    repository().setTempUnschedulable(a.id(), NOW.plus(Duration.ofMinutes(1)), "short");
    Cooldowns c = repository().findById(a.id()).orElseThrow().cooldowns();
    assertEquals(later, c.tempUnschedulableUntil());
    assertEquals("long", c.tempUnschedulableReason());

    repository().clearTempUnschedulable(a.id());
    c = repository().findById(a.id()).orElseThrow().cooldowns();
    assertNull(c.tempUnschedulableUntil());
    assertNull(c.tempUnschedulableReason());
  }

  @Test
  void settings_updateOnlyAtTheExpectedVersion_andRefuseATakenName() {
    Account a = newOAuth(NOW);
    Account other = newOAuth(NOW);
    AccountSettings next =
        new AccountSettings(
            unique("renamed"),
            7,
            9,
            List.of("m1", "m2"),
            new java.math.BigDecimal("1.25"),
            new Pacing(60, 3, java.time.Duration.ofMinutes(10), NOW.plusSeconds(86_400)),
            42L);

    assertTrue(repository().updateSettings(a.id(), a.settingsVersion(), next));
    assertFalse(
        repository().updateSettings(a.id(), a.settingsVersion(), next), "a stale version loses");
    Account read = repository().findById(a.id()).orElseThrow();
    assertEquals(next, AccountSettings.of(read));
    assertEquals(a.settingsVersion() + 1, read.settingsVersion());
    assertThrows(
        DuplicateNameException.class,
        () ->
            repository()
                .updateSettings(
                    a.id(),
                    read.settingsVersion(),
                    new AccountSettings(other.name(), 1, 1, List.of())));
  }

  @Test
  void status_disableEnableClearsTheError_andDeleteIsSoft() {
    Account a = newOAuth(NOW);
    repository().markError(a.id(), "refresh token revoked");
    assertTrue(repository().setStatus(a.id(), AccountStatus.DISABLED));
    Account disabled = repository().findById(a.id()).orElseThrow();
    assertEquals(AccountStatus.DISABLED, disabled.status());
    assertFalse(disabled.isSchedulableAt(NOW));
    assertTrue(repository().setStatus(a.id(), AccountStatus.ACTIVE));
    Account enabled = repository().findById(a.id()).orElseThrow();
    assertEquals(AccountStatus.ACTIVE, enabled.status());
    assertNull(enabled.errorMessage());

    assertTrue(repository().delete(a.id()));
    assertFalse(repository().delete(a.id()), "once");
    Account gone = repository().findById(a.id()).orElseThrow();
    assertTrue(gone.deleted());
    assertTrue(gone.name().startsWith("deleted-" + a.id() + "-"), gone.name());
    assertFalse(repository().setStatus(a.id(), AccountStatus.ACTIVE), "deleted stays deleted");
    assertTrue(
        repository().listAfter(0, 10_000).stream().noneMatch(x -> x.id() == a.id()), "not listed");
    assertTrue(
        repository().listRefreshable(0, 10_000).stream().noneMatch(x -> x.id() == a.id()),
        "not refreshed");
  }

  @Test
  void clearCooldowns_endsEveryCooldown() {
    Account a = newOAuth(NOW);
    repository().setRateLimitedUntil(a.id(), NOW.plusSeconds(600));
    repository().setOverloadUntil(a.id(), NOW.plusSeconds(600));
    repository().setTempUnschedulable(a.id(), NOW.plusSeconds(600), "x");
    repository().setModelCooldowns(a.id(), java.util.Map.of("m", NOW.plusSeconds(600)));

    repository().clearCooldowns(a.id());

    Account read = repository().findById(a.id()).orElseThrow();
    assertEquals(Cooldowns.NONE, read.cooldowns());
    assertTrue(read.isSchedulableAt(NOW));
  }

  @Test
  void modelCooldowns_roundTrip_leaveTheAccountSchedulable_andClear() {
    Account a = newOAuth(NOW);
    Instant until =
        NOW.plus(Duration.ofMinutes(3)).truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
    repository().setModelCooldowns(a.id(), java.util.Map.of("gemini-2.5-pro", until));
    Account read = repository().findById(a.id()).orElseThrow();
    assertEquals(until, read.cooldowns().models().get("gemini-2.5-pro"));
    assertTrue(read.cooldowns().modelLimitedAt("gemini-2.5-pro", NOW));
    assertFalse(read.cooldowns().modelLimitedAt("gemini-2.5-flash", NOW));
    assertTrue(read.isSchedulableAt(NOW));

    repository().setModelCooldowns(a.id(), java.util.Map.of());
    assertTrue(repository().findById(a.id()).orElseThrow().cooldowns().models().isEmpty());
  }

  @Test
  void overloadAndRateLimit_makeTheAccountUnschedulableUntilTheyEnd() {
    Account a = newOAuth(NOW);
    repository().setOverloadUntil(a.id(), NOW.plus(Duration.ofSeconds(30)));
    Account read = repository().findById(a.id()).orElseThrow();
    assertFalse(read.isSchedulableAt(NOW));
    assertTrue(read.isSchedulableAt(NOW.plus(Duration.ofSeconds(30))));

    repository().setRateLimitedUntil(a.id(), NOW.plus(Duration.ofMinutes(2)));
    read = repository().findById(a.id()).orElseThrow();
    assertFalse(read.isSchedulableAt(NOW.plus(Duration.ofMinutes(1))));
  }

  @Test
  void errorStatusAndManualFlag_roundTrip() {
    Account a = newOAuth(NOW);
    repository().markError(a.id(), "refresh token revoked");
    Account read = repository().findById(a.id()).orElseThrow();
    assertEquals(AccountStatus.ERROR, read.status());
    assertEquals("refresh token revoked", read.errorMessage());
    assertFalse(read.isSchedulableAt(NOW));

    repository().clearError(a.id());
    repository().setSchedulable(a.id(), false);
    read = repository().findById(a.id()).orElseThrow();
    assertEquals(AccountStatus.ACTIVE, read.status());
    assertNull(read.errorMessage());
    assertFalse(read.isSchedulableAt(NOW));
  }

  @Test
  void touchLastUsed_onlyMovesForward() {
    Account a = newOAuth(NOW);
    repository().touchLastUsed(a.id(), NOW);
    repository().touchLastUsed(a.id(), NOW.minusSeconds(60));
    assertEquals(NOW, repository().findById(a.id()).orElseThrow().lastUsedAt());
  }

  @Test
  void refreshable_areActiveOAuthAccountsWhateverTheirExpiry_pagedById() {
    Account soon = newOAuth(NOW.plus(Duration.ofMinutes(5)));
    Account later = newOAuth(NOW.plus(Duration.ofHours(5)));
    Account broken = newOAuth(NOW);
    repository().markError(broken.id(), "revoked");
    Account key =
        repository()
            .create(
                new NewAccount(
                    unique("key"),
                    Platform.ANTHROPIC,
                    AccountType.APIKEY,
                    1,
                    1,
                    new StaticKeyCredentials("sk", null)));
    Account last = newOAuth(null);

    List<Long> ids =
        repository().listRefreshable(soon.id() - 1, 100).stream().map(Account::id).toList();
    assertEquals(List.of(soon.id(), later.id(), last.id()), ids);
    assertFalse(ids.contains(broken.id()));
    assertFalse(ids.contains(key.id()));

    assertEquals(
        List.of(soon.id()),
        repository().listRefreshable(soon.id() - 1, 1).stream().map(Account::id).toList());
    assertEquals(
        List.of(later.id()),
        repository().listRefreshable(soon.id(), 1).stream().map(Account::id).toList());
  }

  @Test
  void listAfter_pagesInIdOrder() {
    Account a = newOAuth(NOW);
    Account b = newOAuth(NOW);
    List<Account> page = repository().listAfter(a.id() - 1, 2);
    assertEquals(List.of(a.id(), b.id()), page.stream().map(Account::id).toList());
    assertEquals(
        List.of(b.id()), repository().listAfter(a.id(), 1).stream().map(Account::id).toList());
  }
}
