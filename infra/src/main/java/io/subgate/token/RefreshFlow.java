package io.subgate.token;

import io.subgate.account.Account;
import io.subgate.account.AccountRepository;
import io.subgate.account.AccountStatus;
import io.subgate.account.OAuthCredentials;
import io.subgate.token.RefreshFailure.Kind;
import io.subgate.token.RefreshOutcome.Failed;
import io.subgate.token.RefreshOutcome.LockHeld;
import io.subgate.token.RefreshOutcome.LockUnavailable;
import io.subgate.token.RefreshOutcome.NotNeeded;
import io.subgate.token.RefreshOutcome.Refreshed;
import io.subgate.token.RefreshOutcome.Skipped;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one refresh flow (sub2api's OAuthRefreshAPI): in-process single flight, distributed lock,
 * re-read under the lock, pending-rotation recovery, double check, provider call, rotation parked
 * before the versioned write, {@code invalid_grant} race recovery, cache write. Shared by the
 * request path, the scheduled refresher and the 401 handler.
 */
@Singleton
public class RefreshFlow {
  private static final Logger LOG = LoggerFactory.getLogger(RefreshFlow.class);
  private static final Duration MAX_LEASE_MARGIN = Duration.ofSeconds(5);

  private final AccountRepository accounts;
  private final PendingRotations pending;
  private final RefreshLock lock;
  private final TokenCache cache;
  private final PlatformTokenClients clients;
  private final TokenMetrics metrics;
  private final RefreshObserver observer;
  private final Clock clock;
  private final ConcurrentMap<String, CompletableFuture<RefreshOutcome>> inFlight =
      new ConcurrentHashMap<>();

  public RefreshFlow(
      AccountRepository accounts,
      PendingRotations pending,
      RefreshLock lock,
      TokenCache cache,
      PlatformTokenClients clients,
      TokenMetrics metrics,
      RefreshObserver observer,
      Clock clock) {
    this.accounts = accounts;
    this.pending = pending;
    this.lock = lock;
    this.cache = cache;
    this.clients = clients;
    this.metrics = metrics;
    this.observer = observer;
    this.clock = clock;
  }

  TokenMetrics metrics() {
    return metrics;
  }

  /** Runs the flow once per account at a time in this process; concurrent callers share it. */
  public RefreshOutcome refresh(long accountId, RefreshRequest request) {
    String key = request.singleFlightKey(accountId);
    CompletableFuture<RefreshOutcome> mine = new CompletableFuture<>();
    CompletableFuture<RefreshOutcome> leader = inFlight.putIfAbsent(key, mine);
    if (leader != null) {
      return join(leader, request);
    }
    try {
      RefreshOutcome outcome = refreshOnce(accountId, request);
      mine.complete(outcome);
      return outcome;
    } catch (RuntimeException | Error e) {
      mine.completeExceptionally(e);
      throw e;
    } finally {
      inFlight.remove(key, mine);
    }
  }

  private RefreshOutcome join(CompletableFuture<RefreshOutcome> leader, RefreshRequest request) {
    try {
      return leader.get(
          Math.max(1, request.deadline().remaining().toMillis()), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      return new Failed(Kind.TRANSIENT, "timed out waiting for this process's refresh", null);
    } catch (ExecutionException e) {
      return new Failed(Kind.TRANSIENT, "this process's refresh failed", null);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Failed(Kind.TRANSIENT, "interrupted", null);
    }
  }

  private RefreshOutcome refreshOnce(long accountId, RefreshRequest request) {
    Optional<Account> before = accounts.findById(accountId);
    if (before.isEmpty()) {
      return new Skipped("account " + accountId + " does not exist");
    }
    String notRefreshable = whyNotRefreshable(before.get());
    if (notRefreshable != null) {
      return new Skipped(notRefreshable);
    }
    if (!needed(before.get(), request)) {
      return new NotNeeded(before.get());
    }
    RefreshPolicy policy = clients.policy(before.get().platform());
    String key = CacheKeys.of(before.get());
    Optional<Lease> lease;
    try {
      lease = lock.tryAcquire(key, policy.leaseTime());
    } catch (BackendUnavailableException e) {
      metrics.lockUnavailable.increment();
      LOG.warn("token_refresh.lock_unavailable account_id={}", accountId);
      return new LockUnavailable();
    }
    if (lease.isEmpty()) {
      metrics.lockContention.increment();
      return new LockHeld();
    }
    try {
      return underLock(accountId, request, policy, key);
    } finally {
      release(lease.get());
    }
  }

  private RefreshOutcome underLock(
      long accountId, RefreshRequest request, RefreshPolicy policy, String key) {
    Optional<Account> reread = accounts.findById(accountId);
    if (reread.isEmpty() || whyNotRefreshable(reread.get()) != null) {
      return new Skipped("account " + accountId + " changed while waiting for the lock");
    }
    Account fresh = reread.get();
    Optional<Account> recovered = recoverParkedRotation(fresh);
    if (recovered.isPresent()) {
      cachePut(key, recovered.get(), policy);
      return new Refreshed(recovered.get());
    }
    if (!needed(fresh, request)) {
      return new NotNeeded(fresh);
    }
    Duration margin = min(policy.leaseTime().dividedBy(10), MAX_LEASE_MARGIN);
    Duration timeout = min(request.deadline().remaining(), policy.leaseTime().minus(margin));
    if (timeout.isZero() || timeout.isNegative()) {
      return new Failed(Kind.TRANSIENT, "no time left for a refresh attempt", fresh);
    }
    OAuthCredentials current = (OAuthCredentials) fresh.credentials();
    OAuthCredentials next;
    metrics.refreshRequests.increment();
    try {
      next = clients.client(fresh.platform()).refresh(current, timeout, fresh.proxyId());
    } catch (RefreshFailure failure) {
      return afterFailure(fresh, current, failure);
    }
    metrics.refreshSuccess.increment();
    if (!park(fresh, next)) {
      return new Failed(Kind.TRANSIENT, "rotated credentials could not be parked", fresh);
    }
    observer.rotationParked(accountId);
    if (request.deadline().passed()) {
      // A late answer is not applied by this attempt: its lease may have passed to another
      // process. It stays parked, and the next attempt applies it under the lock if still current.
      return new Failed(Kind.TRANSIENT, "provider answered after the deadline", fresh);
    }
    return apply(fresh, next, key, policy);
  }

  private RefreshOutcome apply(
      Account fresh, OAuthCredentials next, String key, RefreshPolicy policy) {
    boolean won;
    try {
      won = accounts.compareAndSetCredentials(fresh.id(), fresh.credentialsVersion(), next);
    } catch (RuntimeException e) {
      LOG.error("token_refresh.persist_failed account_id={} parked=true", fresh.id());
      return new Failed(Kind.TRANSIENT, "credentials write failed; rotation parked", fresh);
    }
    pending.clear(fresh.id(), fresh.credentialsVersion());
    if (!won) {
      LOG.warn("token_refresh.version_conflict account_id={}", fresh.id());
      Account now = accounts.findById(fresh.id()).orElse(fresh);
      return new NotNeeded(now);
    }
    Account updated = fresh.withCredentials(next, fresh.credentialsVersion() + 1);
    cachePut(key, updated, policy);
    return new Refreshed(updated);
  }

  private RefreshOutcome afterFailure(
      Account fresh, OAuthCredentials used, RefreshFailure failure) {
    if (failure.kind() == Kind.INVALID_GRANT) {
      Account now = accounts.findById(fresh.id()).orElse(fresh);
      if (now.credentials() instanceof OAuthCredentials stored
          && stored.hasRefreshToken()
          && used.hasRefreshToken()
          && !Objects.equals(stored.refreshToken(), used.refreshToken())) {
        metrics.raceRecovered.increment();
        LOG.info("token_refresh.race_recovered account_id={}", fresh.id());
        return new NotNeeded(now);
      }
    }
    metrics.refreshFailure.increment();
    LOG.warn(
        "token_refresh.failed account_id={} kind={} message={}",
        fresh.id(),
        failure.kind(),
        failure.getMessage());
    return new Failed(failure.kind(), String.valueOf(failure.getMessage()), fresh);
  }

  private boolean park(Account fresh, OAuthCredentials next) {
    for (int attempt = 1; attempt <= 3; attempt++) {
      try {
        pending.save(
            new PendingRotation(fresh.id(), fresh.credentialsVersion(), next, clock.instant()));
        return true;
      } catch (RuntimeException e) {
        LOG.error("token_refresh.park_failed account_id={} attempt={}", fresh.id(), attempt);
      }
    }
    return false;
  }

  private Optional<Account> recoverParkedRotation(Account fresh) {
    Optional<PendingRotation> parked = pending.find(fresh.id());
    if (parked.isEmpty()) {
      return Optional.empty();
    }
    PendingRotation p = parked.get();
    if (p.baseVersion() == fresh.credentialsVersion()
        && accounts.compareAndSetCredentials(fresh.id(), p.baseVersion(), p.credentials())) {
      pending.clear(fresh.id(), p.baseVersion());
      metrics.rotationRecovered.increment();
      LOG.info("token_refresh.rotation_recovered account_id={}", fresh.id());
      return Optional.of(fresh.withCredentials(p.credentials(), p.baseVersion() + 1));
    }
    pending.clear(fresh.id(), p.baseVersion());
    return Optional.empty();
  }

  void cachePut(String key, Account account, RefreshPolicy policy) {
    OAuthCredentials c = (OAuthCredentials) account.credentials();
    cache.put(
        key,
        new CachedToken(c.accessToken(), account.credentialsVersion()),
        CacheTtl.of(c.expiresAt(), clock.instant(), policy, false));
  }

  private void release(Lease lease) {
    try {
      lock.release(lease);
    } catch (BackendUnavailableException e) {
      LOG.warn("token_refresh.lock_release_failed backend={}", lease.backend());
    }
  }

  /**
   * Whether {@code account} still needs the refresh {@code request} asks for: when due, or when
   * forced and the stored credentials are still the refused ones (a newer version means another
   * process already refreshed: that token is used, the provider is not called again).
   */
  private boolean needed(Account account, RefreshRequest request) {
    return request.force()
        ? account.credentialsVersion() <= request.refusedVersion()
        : isDue(account, request.window());
  }

  boolean isDue(Account account, Duration window) {
    Instant expiresAt = account.credentials().expiresAt();
    return expiresAt == null || !expiresAt.isAfter(clock.instant().plus(window));
  }

  static @org.jspecify.annotations.Nullable String whyNotRefreshable(Account account) {
    if (account.status() != AccountStatus.ACTIVE) {
      return "account " + account.id() + " is " + account.status().wireName();
    }
    if (!(account.credentials() instanceof OAuthCredentials oauth)) {
      return "account " + account.id() + " has a static key";
    }
    if (!oauth.hasRefreshToken()) {
      return "account " + account.id() + " has no refresh token";
    }
    return null;
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }
}
