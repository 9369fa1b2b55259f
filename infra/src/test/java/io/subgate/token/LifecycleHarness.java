package io.subgate.token;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.subgate.account.Account;
import io.subgate.account.AccountRepository;
import io.subgate.account.AccountType;
import io.subgate.account.NewAccount;
import io.subgate.account.OAuthCredentials;
import io.subgate.account.Platform;
import io.subgate.adapter.memory.InMemoryRefreshLock;
import io.subgate.adapter.memory.InMemoryTokenCache;
import io.subgate.support.Deadline;
import io.subgate.support.RandomSource;
import io.subgate.support.Sleeper;
import io.subgate.testing.FakeTokenClient;
import io.subgate.testing.InMemoryAccountRepository;
import io.subgate.testing.InMemoryPendingRotations;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.threeten.extra.MutableClock;

/** A token lifecycle wired entirely from fakes, with hooks to play "another process". */
final class LifecycleHarness {
  static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");

  final MutableClock clock = MutableClock.of(NOW, ZoneOffset.UTC);
  AccountRepository accounts = new InMemoryAccountRepository(clock);
  final InMemoryPendingRotations pending = new InMemoryPendingRotations();
  RefreshLock lock = new InMemoryRefreshLock(clock);
  final InMemoryTokenCache cache = new InMemoryTokenCache(clock);
  final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  final TokenMetrics metrics = new TokenMetrics(meters);
  final List<Duration> sleeps = new ArrayList<>();
  Sleeper sleeper = sleeps::add;
  RandomSource random = () -> 0.5;
  final FakeTokenClient anthropic =
      new FakeTokenClient(Platform.ANTHROPIC, RefreshPolicy.DEFAULT, NOW.plus(Duration.ofHours(8)));
  final FakeTokenClient gemini =
      new FakeTokenClient(Platform.GEMINI, RefreshPolicy.FAIL_FAST, NOW.plus(Duration.ofHours(1)));
  RefreshObserver observer = RefreshObserver.NONE;

  PlatformTokenClients clients() {
    return new PlatformTokenClients(
        List.of(
            anthropic,
            gemini,
            new FakeTokenClient(Platform.OPENAI, RefreshPolicy.DEFAULT, NOW),
            new FakeTokenClient(Platform.ANTIGRAVITY, RefreshPolicy.FAIL_FAST, NOW)),
        new TokenSettings(null, null));
  }

  RefreshFlow flow() {
    return new RefreshFlow(accounts, pending, lock, cache, clients(), metrics, observer, clock);
  }

  TokenLifecycle lifecycle() {
    PlatformTokenClients clients = clients();
    RefreshFlow flow = flow();
    CacheWait wait = new CacheWait(cache, d -> sleeper.sleep(d), random, metrics);
    return new TokenLifecycle(flow, wait, cache, accounts, clients, clock);
  }

  /** A refresh request with the request path's window and an 8 s budget from now. */
  RefreshRequest request() {
    return new RefreshRequest(
        Duration.ofMinutes(3), false, Deadline.after(Duration.ofSeconds(8), clock));
  }

  Account account(Platform platform, String accessToken, Instant expiresAt) {
    return accounts.create(
        new NewAccount(
            platform.wireName() + "-" + accessToken,
            platform,
            AccountType.OAUTH,
            1,
            1,
            new OAuthCredentials(accessToken, "rt-" + accessToken, expiresAt, null, null, null)));
  }

  OAuthCredentials stored(long id) {
    return (OAuthCredentials) accounts.findById(id).orElseThrow().credentials();
  }
}
