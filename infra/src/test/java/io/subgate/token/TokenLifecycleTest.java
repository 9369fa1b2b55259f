package io.subgate.token;

import static io.subgate.token.LifecycleHarness.NOW;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.subgate.account.Account;
import io.subgate.account.AccountType;
import io.subgate.account.NewAccount;
import io.subgate.account.OAuthCredentials;
import io.subgate.account.Platform;
import io.subgate.account.StaticKeyCredentials;
import io.subgate.support.Deadline;
import io.subgate.token.RefreshFailure.Kind;
import io.subgate.token.TokenUnavailableException.Reason;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class TokenLifecycleTest {
  private final LifecycleHarness h = new LifecycleHarness();

  @Test
  void warmCache_answersWithoutRefreshing() throws Exception {
    Account a = h.account(Platform.ANTHROPIC, "at-1", NOW.minusSeconds(60));
    h.cache.put(CacheKeys.of(a), new CachedToken("at-cached", 1), Duration.ofMinutes(5));
    assertEquals("at-cached", h.lifecycle().accessToken(a).accessToken());
    assertEquals(0, h.anthropic.calls());
  }

  @Test
  void notDue_servesStoredToken_andCachesItUntilFiveMinutesBeforeExpiry() throws Exception {
    Account a = h.account(Platform.ANTHROPIC, "at-1", NOW.plus(Duration.ofHours(1)));
    assertEquals("at-1", h.lifecycle().accessToken(a).accessToken());
    h.clock.add(Duration.ofMinutes(54));
    assertTrue(h.cache.get(CacheKeys.of(a)).isPresent());
    h.clock.add(Duration.ofMinutes(1));
    assertTrue(h.cache.get(CacheKeys.of(a)).isEmpty());
    assertEquals(0, h.anthropic.calls());
  }

  @Test
  void due_refreshesOnce_bumpsTheVersion_andCachesTheNewToken() throws Exception {
    Account a = h.account(Platform.ANTHROPIC, "at-1", NOW.plus(Duration.ofMinutes(2)));
    CachedToken t = h.lifecycle().accessToken(a);
    assertEquals("at-new-1", t.accessToken());
    assertEquals(2, t.credentialsVersion());
    assertEquals("rt-new-1", h.stored(a.id()).refreshToken());
    assertEquals(t, h.cache.get(CacheKeys.of(a)).orElseThrow());
    assertTrue(h.pending.find(a.id()).isEmpty());
    assertEquals(1.0, h.metrics.refreshRequests());
  }

  @Test
  void concurrentCallersInOneProcess_shareOneRefresh() throws Exception {
    Account a = h.account(Platform.ANTHROPIC, "at-1", NOW.minusSeconds(1));
    CountDownLatch inside = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    h.anthropic.behave(
        (current, call) -> {
          inside.countDown();
          try {
            release.await(5, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          return new OAuthCredentials("at-shared", "rt-2", NOW.plusSeconds(3600), null, null, null);
        });
    TokenLifecycle lifecycle = h.lifecycle();
    int threads = 16;
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<CachedToken>> results = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        results.add(
            pool.submit(
                () -> {
                  start.await(5, TimeUnit.SECONDS);
                  return lifecycle.accessToken(a);
                }));
      }
      start.countDown();
      assertTrue(inside.await(5, TimeUnit.SECONDS));
      release.countDown();
      for (Future<CachedToken> r : results) {
        assertEquals("at-shared", r.get(10, TimeUnit.SECONDS).accessToken());
      }
    } finally {
      pool.shutdownNow();
    }
    assertEquals(1, h.anthropic.calls(), "exactly one refresh call");
  }

  @Test
  void aRefusedTokenAlreadyReplacedByAnotherProcess_isNotRefreshedAgain() throws Exception {
    Account a = h.account(Platform.ANTHROPIC, "at-1", NOW.plus(Duration.ofHours(5)));
    TokenLifecycle first = h.lifecycle();
    TokenLifecycle second = h.lifecycle();
    CachedToken replaced = first.forceRefresh(a, 1L).orElseThrow();
    assertEquals(2, replaced.credentialsVersion());
    // The other process's request used the same refused version-1 token.
    assertEquals(replaced, second.forceRefresh(a, 1L).orElseThrow());
    assertEquals(1, h.anthropic.calls(), "one refresh for one refused token, across processes");
  }

  @Test
  void a401Storm_acrossTwoProcesses_makesExactlyOneRefresh_andEveryCallerGetsTheNewToken()
      throws Exception {
    Account a = h.account(Platform.ANTHROPIC, "at-revoked", NOW.plus(Duration.ofHours(5)));
    CountDownLatch inside = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    h.anthropic.behave(
        (current, call) -> {
          inside.countDown();
          try {
            release.await(5, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          return new OAuthCredentials("at-new", "rt-2", NOW.plusSeconds(3600), null, null, null);
        });
    List<TokenLifecycle> processes = List.of(h.lifecycle(), h.lifecycle());
    int threads = 16;
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<java.util.Optional<CachedToken>>> results = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        TokenLifecycle process = processes.get(i % 2);
        results.add(
            pool.submit(
                () -> {
                  start.await(5, TimeUnit.SECONDS);
                  return process.forceRefresh(a, 1L);
                }));
      }
      start.countDown();
      assertTrue(inside.await(5, TimeUnit.SECONDS));
      release.countDown();
      for (Future<java.util.Optional<CachedToken>> r : results) {
        assertEquals("at-new", r.get(10, TimeUnit.SECONDS).orElseThrow().accessToken());
      }
    } finally {
      pool.shutdownNow();
    }
    assertEquals(1, h.anthropic.calls(), "exactly one refresh call");
    assertTrue(h.accounts.findById(a.id()).orElseThrow().isSchedulableAt(NOW), "never parked");
  }

  @Test
  void lockHeldByAnotherProcess_waitsOnTheCacheWithJitteredBackoff() throws Exception {
    Account a = h.account(Platform.ANTHROPIC, "at-1", NOW.minusSeconds(1));
    Lease other = h.lock.tryAcquire(CacheKeys.of(a), Duration.ofSeconds(60)).orElseThrow();
    h.sleeper =
        d -> {
          h.sleeps.add(d);
          if (h.sleeps.size() == 3) {
            h.cache.put(
                CacheKeys.of(a), new CachedToken("at-from-other", 2), Duration.ofMinutes(5));
          }
        };
    assertEquals("at-from-other", h.lifecycle().accessToken(a).accessToken());
    assertEquals(0, h.anthropic.calls());
    assertEquals(
        List.of(Duration.ofMillis(20), Duration.ofMillis(40), Duration.ofMillis(80)), h.sleeps);
    assertEquals(1.0, h.metrics.waitHits());
    assertEquals(1.0, h.metrics.lockContention());
    h.lock.release(other);
  }

  @Test
  void cacheWait_backsOffTo120msWithTwentyPercentJitter() throws Exception {
    List<Duration> slept = new ArrayList<>();
    CacheWait low = new CacheWait(h.cache, slept::add, () -> 0.0, h.metrics);
    assertTrue(low.await("k", 0, Deadline.after(Duration.ofSeconds(5), h.clock)).isEmpty());
    assertEquals(List.of(16L, 32L, 64L, 96L, 96L), slept.stream().map(Duration::toMillis).toList());
    slept.clear();
    CacheWait high = new CacheWait(h.cache, slept::add, () -> 0.999_999, h.metrics);
    high.await("k", 0, Deadline.after(Duration.ofSeconds(5), h.clock));
    assertEquals(
        List.of(24L, 48L, 96L, 144L, 144L), slept.stream().map(Duration::toMillis).toList());
  }

  @Test
  void invalidGrant_afterAnotherProcessRotated_isALostRace_notAFailure() throws Exception {
    Account a = h.account(Platform.ANTHROPIC, "at-1", NOW.minusSeconds(1));
    h.anthropic.behave(
        (current, call) -> {
          // Another process rotated first; our refresh token is now spent.
          h.accounts.compareAndSetCredentials(
              a.id(),
              1,
              new OAuthCredentials(
                  "at-other", "rt-other", NOW.plusSeconds(3600), null, null, null));
          throw new RefreshFailure(Kind.INVALID_GRANT, "reused");
        });
    CachedToken t = h.lifecycle().accessToken(a);
    assertEquals("at-other", t.accessToken());
    assertNull(h.accounts.findById(a.id()).orElseThrow().cooldowns().tempUnschedulableUntil());
  }

  @Test
  void failedRefresh_withExpiredToken_marksTempUnschedulableForTenMinutes() {
    Account a = h.account(Platform.ANTHROPIC, "at-1", NOW.minusSeconds(1));
    h.anthropic.behave(
        (current, call) -> {
          throw new RefreshFailure(Kind.INVALID_GRANT, "revoked");
        });
    TokenUnavailableException e =
        assertThrows(TokenUnavailableException.class, () -> h.lifecycle().accessToken(a));
    assertEquals(Reason.REFRESH_FAILED, e.reason());
    assertEquals(
        NOW.plus(Duration.ofMinutes(10)),
        h.accounts.findById(a.id()).orElseThrow().cooldowns().tempUnschedulableUntil());
    assertEquals("at-1", h.stored(a.id()).accessToken(), "credentials untouched");
  }

  @Test
  void connectionFailure_failsFastWithoutRetrying() {
    Account a = h.account(Platform.ANTHROPIC, "at-1", NOW.minusSeconds(1));
    h.anthropic.behave(
        (current, call) -> {
          throw new RefreshFailure(Kind.CONNECTION, "refused");
        });
    assertThrows(TokenUnavailableException.class, () -> h.lifecycle().accessToken(a));
    assertEquals(1, h.anthropic.calls());
    assertTrue(h.sleeps.isEmpty());
  }

  @Test
  void failedRefresh_existingStillValid_isServedBriefly_whenThePolicyAllows() throws Exception {
    Account a = h.account(Platform.ANTHROPIC, "at-1", NOW.plus(Duration.ofMinutes(2)));
    h.anthropic.behave(
        (current, call) -> {
          throw new RefreshFailure(Kind.TRANSIENT, "502");
        });
    assertEquals("at-1", h.lifecycle().accessToken(a).accessToken());
    h.clock.add(Duration.ofSeconds(61));
    assertTrue(h.cache.get(CacheKeys.of(a)).isEmpty(), "served with the 1-minute failure TTL");
    assertNull(h.accounts.findById(a.id()).orElseThrow().cooldowns().tempUnschedulableUntil());
  }

  @Test
  void failedRefresh_onAFailFastPlatform_failsEvenWithAValidToken() {
    Account g = h.account(Platform.GEMINI, "at-g", NOW.plus(Duration.ofMinutes(2)));
    h.gemini.behave(
        (current, call) -> {
          throw new RefreshFailure(Kind.TRANSIENT, "502");
        });
    assertThrows(TokenUnavailableException.class, () -> h.lifecycle().accessToken(g));
    assertTrue(h.accounts.findById(g.id()).orElseThrow().cooldowns().activeAt(NOW));
  }

  @Test
  void lockBackendUnavailable_neverRefreshesWithoutALock() throws Exception {
    h.lock =
        new RefreshLock() {
          @Override
          public Optional<Lease> tryAcquire(String key, Duration leaseTime) {
            throw new BackendUnavailableException("redis", new RuntimeException("down"));
          }

          @Override
          public boolean release(Lease lease) {
            return false;
          }
        };
    Account valid = h.account(Platform.ANTHROPIC, "at-valid", NOW.plus(Duration.ofMinutes(2)));
    Account expired = h.account(Platform.ANTHROPIC, "at-expired", NOW.minusSeconds(1));
    TokenLifecycle lifecycle = h.lifecycle();
    assertEquals("at-valid", lifecycle.accessToken(valid).accessToken());
    TokenUnavailableException e =
        assertThrows(TokenUnavailableException.class, () -> lifecycle.accessToken(expired));
    assertEquals(Reason.LOCK_UNAVAILABLE, e.reason());
    assertEquals(0, h.anthropic.calls(), "no lockless refresh");
  }

  @Test
  void failedCredentialsWrite_parksTheRotation_andTheNextAttemptRecoversIt() throws Exception {
    Account a = h.account(Platform.ANTHROPIC, "at-1", NOW.minusSeconds(1));
    var real = h.accounts;
    boolean[] failOnce = {true};
    h.accounts = FailingWrites.wrap(real, failOnce);
    TokenLifecycle lifecycle = h.lifecycle();

    assertThrows(TokenUnavailableException.class, () -> lifecycle.accessToken(a));
    assertEquals("rt-new-1", h.pending.find(a.id()).orElseThrow().credentials().refreshToken());
    h.accounts.clearTempUnschedulable(a.id());

    CachedToken recovered = lifecycle.accessToken(a);
    assertEquals("at-new-1", recovered.accessToken());
    assertEquals(1, h.anthropic.calls(), "recovered from the parked rotation, no second call");
    assertEquals("rt-new-1", h.stored(a.id()).refreshToken());
    assertTrue(h.pending.find(a.id()).isEmpty());
  }

  @Test
  void lateAnswer_isNotApplied_butParkedForTheNextAttempt() {
    Account a = h.account(Platform.ANTHROPIC, "at-1", NOW.minusSeconds(1));
    h.anthropic.behave(
        (current, call) -> {
          h.clock.add(Duration.ofSeconds(30));
          return new OAuthCredentials(
              "at-late", "rt-late", NOW.plusSeconds(7200), null, null, null);
        });
    RefreshFlow flow = h.flow();
    RefreshOutcome late = flow.refresh(a.id(), h.request());
    assertInstanceOf(RefreshOutcome.Failed.class, late);
    assertEquals(1, h.accounts.findById(a.id()).orElseThrow().credentialsVersion());

    RefreshOutcome next = flow.refresh(a.id(), h.request());
    assertInstanceOf(RefreshOutcome.Refreshed.class, next);
    assertEquals("rt-late", h.stored(a.id()).refreshToken());
    assertEquals(1, h.anthropic.calls());
  }

  @Test
  void concurrentWriterWins_theCompareAndSetNeverOverwritesNewerCredentials() {
    Account a = h.account(Platform.ANTHROPIC, "at-1", NOW.minusSeconds(1));
    h.anthropic.behave(
        (current, call) -> {
          h.accounts.compareAndSetCredentials(
              a.id(),
              1,
              new OAuthCredentials(
                  "at-winner", "rt-winner", NOW.plusSeconds(3600), null, null, null));
          return new OAuthCredentials(
              "at-loser", "rt-loser", NOW.plusSeconds(3600), null, null, null);
        });
    RefreshOutcome o = h.flow().refresh(a.id(), h.request());
    assertInstanceOf(RefreshOutcome.NotNeeded.class, o);
    assertEquals("at-winner", h.stored(a.id()).accessToken());
    assertTrue(h.pending.find(a.id()).isEmpty());
  }

  @Test
  void forcedRefresh_refreshesAFreshToken_andStaticKeysNeverRefresh() throws Exception {
    Account a = h.account(Platform.ANTHROPIC, "at-1", NOW.plus(Duration.ofHours(5)));
    RefreshOutcome o =
        h.lifecycle()
            .refresh(
                a.id(),
                new RefreshRequest(
                    Duration.ZERO, true, Deadline.after(Duration.ofSeconds(8), h.clock)));
    assertInstanceOf(RefreshOutcome.Refreshed.class, o);

    Account key =
        h.accounts.create(
            new NewAccount(
                "key",
                Platform.OPENAI,
                AccountType.APIKEY,
                1,
                1,
                new StaticKeyCredentials("sk-static", null)));
    assertEquals("sk-static", h.lifecycle().accessToken(key).accessToken());
    assertInstanceOf(
        RefreshOutcome.Skipped.class,
        h.lifecycle()
            .refresh(
                key.id(),
                new RefreshRequest(
                    Duration.ZERO, true, Deadline.after(Duration.ofSeconds(1), h.clock))));
    assertEquals(1, h.anthropic.calls());
  }

  @Test
  void cacheTtl_boundaries() {
    RefreshPolicy p = RefreshPolicy.DEFAULT;
    Instant now = NOW;
    assertEquals(Duration.ofMinutes(1), CacheTtl.of(now.plusSeconds(3600), now, p, true));
    assertEquals(Duration.ofMinutes(30), CacheTtl.of(null, now, p, false));
    assertEquals(Duration.ofSeconds(1), CacheTtl.of(now.plusSeconds(301), now, p, false));
    assertEquals(Duration.ofSeconds(300), CacheTtl.of(now.plusSeconds(300), now, p, false));
    assertEquals(Duration.ofSeconds(299), CacheTtl.of(now.plusSeconds(299), now, p, false));
    assertEquals(Duration.ofMinutes(1), CacheTtl.of(now, now, p, false));
    assertEquals(Duration.ofMinutes(1), CacheTtl.of(now.minusSeconds(5), now, p, false));
  }
}
