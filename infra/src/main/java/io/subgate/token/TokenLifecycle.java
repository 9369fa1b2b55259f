package io.subgate.token;

import io.subgate.account.Account;
import io.subgate.account.AccountRepository;
import io.subgate.account.OAuthCredentials;
import io.subgate.account.StaticKeyCredentials;
import io.subgate.support.Deadline;
import io.subgate.token.RefreshOutcome.Failed;
import io.subgate.token.RefreshOutcome.LockHeld;
import io.subgate.token.RefreshOutcome.LockUnavailable;
import io.subgate.token.RefreshOutcome.NotNeeded;
import io.subgate.token.RefreshOutcome.Refreshed;
import io.subgate.token.RefreshPolicy.OnRefreshError;
import io.subgate.token.TokenUnavailableException.Reason;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Access tokens for the request path: a cache read when warm; otherwise the shared {@link
 * RefreshFlow}, bounded by the platform's request budget, waiting on the cache while another
 * process refreshes. Never refreshes without a lock; serves the existing token while it is valid
 * when refreshing is impossible, as the platform's policy allows.
 */
@Singleton
public class TokenLifecycle {
  private static final Logger LOG = LoggerFactory.getLogger(TokenLifecycle.class);

  private final RefreshFlow flow;
  private final CacheWait cacheWait;
  private final TokenCache cache;
  private final AccountRepository accounts;
  private final PlatformTokenClients clients;
  private final Clock clock;

  public TokenLifecycle(
      RefreshFlow flow,
      CacheWait cacheWait,
      TokenCache cache,
      AccountRepository accounts,
      PlatformTokenClients clients,
      Clock clock) {
    this.flow = flow;
    this.cacheWait = cacheWait;
    this.cache = cache;
    this.accounts = accounts;
    this.clients = clients;
    this.clock = clock;
  }

  /** The token to send upstream for {@code account}. */
  public CachedToken accessToken(Account account) throws TokenUnavailableException {
    return accessToken(account, null);
  }

  /**
   * The token to send upstream, given the cache entry the caller already read in its own round trip
   * ({@code prefetched}; null when it found none or did not look).
   */
  public CachedToken accessToken(Account account, @Nullable CachedToken prefetched)
      throws TokenUnavailableException {
    if (account.credentials() instanceof StaticKeyCredentials key) {
      return new CachedToken(key.apiKey(), account.credentialsVersion());
    }
    String key = CacheKeys.of(account);
    Optional<CachedToken> cached = prefetched != null ? Optional.of(prefetched) : cache.get(key);
    if (cached.isPresent() && !cached.get().accessToken().isBlank()) {
      flow.metrics().cacheHit.increment();
      return cached.get();
    }
    flow.metrics().cacheMiss.increment();
    // A miss is the slow path: re-read, so a stale snapshot never seeds the cache.
    Account current = accounts.findById(account.id()).orElse(account);
    RefreshPolicy policy = clients.policy(current.platform());
    if (!flow.isDue(current, policy.refreshSkew())) {
      flow.cachePut(key, current, policy);
      return token(current);
    }
    return refreshOnRequestPath(current, key, policy);
  }

  /**
   * Puts the account's current token into the cache unless an entry is there already, so the
   * request path finds it warm. Returns whether it wrote.
   */
  public boolean prewarm(Account account) {
    if (!(account.credentials() instanceof OAuthCredentials)) {
      return false;
    }
    String key = CacheKeys.of(account);
    if (cache.get(key).isPresent()) {
      return false;
    }
    flow.cachePut(key, account, clients.policy(account.platform()));
    return true;
  }

  /** Drops the account's cached token (after its credentials were found to be unusable). */
  public void forget(Account account) {
    cache.evict(CacheKeys.of(account));
  }

  /**
   * After the upstream refused the account's token of credentials version {@code refusedVersion}
   * (401): the token that replaces it, fenced on that version across processes — a process that
   * finds a newer version uses it instead of refreshing; one that finds the lock held waits for the
   * newer version, as the request path does for expiry. Empty when no new token could be obtained
   * within the request budget; the caller then stops using the account.
   */
  public Optional<CachedToken> forceRefresh(Account account, long refusedVersion) {
    if (!(account.credentials() instanceof OAuthCredentials)) {
      return Optional.empty();
    }
    RefreshPolicy policy = clients.policy(account.platform());
    Deadline deadline = Deadline.after(policy.requestBudget(), clock);
    RefreshRequest request =
        RefreshRequest.replacing(refusedVersion, policy.refreshSkew(), deadline);
    String key = CacheKeys.of(account);
    while (true) {
      RefreshOutcome outcome = flow.refresh(account.id(), request);
      if (outcome instanceof Refreshed r) {
        return Optional.of(token(r.account()));
      }
      if (outcome instanceof NotNeeded n) {
        return n.account().credentialsVersion() > refusedVersion
            ? Optional.of(token(n.account()))
            : Optional.empty();
      }
      if (!(outcome instanceof LockHeld)) {
        return Optional.empty();
      }
      try {
        Optional<CachedToken> written = cacheWait.await(key, refusedVersion, deadline);
        if (written.isPresent()) {
          return written;
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return Optional.empty();
      }
      Optional<Account> reread = accounts.findById(account.id());
      if (reread.isPresent() && reread.get().credentialsVersion() > refusedVersion) {
        return Optional.of(token(reread.get()));
      }
      if (deadline.passed()) {
        return Optional.empty();
      }
    }
  }

  /** One pass of the shared flow, for the scheduled refresher and the 401 handler. */
  public RefreshOutcome refresh(long accountId, RefreshRequest request) {
    return flow.refresh(accountId, request);
  }

  private CachedToken refreshOnRequestPath(Account account, String key, RefreshPolicy policy)
      throws TokenUnavailableException {
    Deadline deadline = Deadline.after(policy.requestBudget(), clock);
    RefreshRequest request = new RefreshRequest(policy.refreshSkew(), false, deadline);
    while (true) {
      RefreshOutcome outcome = flow.refresh(account.id(), request);
      if (outcome instanceof Refreshed r) {
        return token(r.account());
      }
      if (outcome instanceof NotNeeded n) {
        flow.cachePut(key, n.account(), policy);
        return token(n.account());
      }
      if (outcome instanceof LockHeld) {
        Optional<CachedToken> written = awaitOther(key, account, deadline);
        if (written.isPresent()) {
          return written.get();
        }
        Account reread = accounts.findById(account.id()).orElse(account);
        if (reread.credentialsVersion() > account.credentialsVersion()
            && !flow.isDue(reread, policy.refreshSkew())) {
          return token(reread);
        }
        if (deadline.passed()) {
          return existingOrFail(
              account, key, policy, Reason.TIMED_OUT, "refresh by another process");
        }
        continue;
      }
      if (outcome instanceof LockUnavailable) {
        return existingOrFail(account, key, policy, Reason.LOCK_UNAVAILABLE, "no lock backend");
      }
      if (outcome instanceof Failed f) {
        return afterFailedRefresh(account, key, policy, f);
      }
      throw new TokenUnavailableException(Reason.NOT_REFRESHABLE, "account cannot be refreshed");
    }
  }

  private Optional<CachedToken> awaitOther(String key, Account account, Deadline deadline)
      throws TokenUnavailableException {
    try {
      return cacheWait.await(key, account.credentialsVersion(), deadline);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TokenUnavailableException(Reason.TIMED_OUT, "interrupted");
    }
  }

  private CachedToken afterFailedRefresh(
      Account account, String key, RefreshPolicy policy, Failed failure)
      throws TokenUnavailableException {
    if (policy.onRefreshError() == OnRefreshError.USE_EXISTING_WHILE_VALID && stillValid(account)) {
      cache.put(key, token(account), policy.failureCacheTtl());
      return token(account);
    }
    Instant until = clock.instant().plus(policy.failureCooldown());
    accounts.setTempUnschedulable(
        account.id(), until, "token refresh failed on request path: " + failure.kind());
    LOG.warn(
        "token_refresh.request_path_failed account_id={} kind={}", account.id(), failure.kind());
    throw new TokenUnavailableException(Reason.REFRESH_FAILED, failure.message());
  }

  private CachedToken existingOrFail(
      Account account, String key, RefreshPolicy policy, Reason reason, String what)
      throws TokenUnavailableException {
    if (stillValid(account)) {
      cache.put(key, token(account), policy.failureCacheTtl());
      return token(account);
    }
    throw new TokenUnavailableException(reason, what + ": token expired and cannot be refreshed");
  }

  private boolean stillValid(Account account) {
    @Nullable Instant expiresAt = account.credentials().expiresAt();
    return expiresAt != null && expiresAt.isAfter(clock.instant());
  }

  private static CachedToken token(Account account) {
    return new CachedToken(
        ((OAuthCredentials) account.credentials()).accessToken(), account.credentialsVersion());
  }
}
