package io.subgate.refresh;

import io.subgate.account.Account;
import io.subgate.account.AccountRepository;
import io.subgate.refresh.SweepTally.Result;
import io.subgate.support.Backoff;
import io.subgate.support.Deadline;
import io.subgate.support.RandomSource;
import io.subgate.support.Sleeper;
import io.subgate.token.RefreshFailure.Kind;
import io.subgate.token.RefreshOutcome;
import io.subgate.token.RefreshOutcome.Failed;
import io.subgate.token.RefreshRequest;
import io.subgate.token.TokenLifecycle;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One due account within a sweep: attempts with exponential backoff for retryable failures, and the
 * account state each final outcome sets (sub2api's refreshWithRetry).
 */
final class AccountRefresh {
  private static final Logger LOG = LoggerFactory.getLogger(AccountRefresh.class);
  static final Duration RETRY_CAP = Duration.ofSeconds(30);
  static final Duration EXHAUSTED_COOLDOWN = Duration.ofMinutes(10);

  private final TokenLifecycle lifecycle;
  private final AccountRepository accounts;
  private final RefreshSettings settings;
  private final PlatformBreakers breakers;
  private final PlatformRateGate gate;
  private final Clock clock;
  private final Sleeper sleeper;
  private final RandomSource random;

  AccountRefresh(
      TokenLifecycle lifecycle,
      AccountRepository accounts,
      RefreshSettings settings,
      PlatformBreakers breakers,
      PlatformRateGate gate,
      Clock clock,
      Sleeper sleeper,
      RandomSource random) {
    this.lifecycle = lifecycle;
    this.accounts = accounts;
    this.settings = settings;
    this.breakers = breakers;
    this.gate = gate;
    this.clock = clock;
    this.sleeper = sleeper;
    this.random = random;
  }

  Result refresh(Account account, Duration window, Deadline sweep) throws InterruptedException {
    Failed last = null;
    for (int attempt = 1; attempt <= Math.max(1, settings.maxAttempts()); attempt++) {
      if (breakers.isOpen(account.platform()) || !gate.acquire(account.platform(), sweep)) {
        return Result.SKIPPED_PLATFORM;
      }
      Deadline attemptDeadline = sweep.capped(settings.attemptTimeout());
      RefreshOutcome outcome =
          lifecycle.refresh(account.id(), new RefreshRequest(window, false, attemptDeadline));
      if (outcome instanceof RefreshOutcome.Refreshed r) {
        breakers.success(account.platform());
        if (r.account().cooldowns().tempUnschedulableUntil() != null) {
          accounts.clearTempUnschedulable(account.id());
        }
        return Result.REFRESHED;
      }
      if (outcome instanceof RefreshOutcome.NotNeeded n) {
        lifecycle.prewarm(n.account());
        return Result.ALREADY_FRESH;
      }
      if (outcome instanceof RefreshOutcome.LockHeld) {
        return Result.SKIPPED_LOCKED;
      }
      if (outcome instanceof RefreshOutcome.LockUnavailable) {
        return Result.LOCK_UNAVAILABLE;
      }
      if (!(outcome instanceof Failed f)) {
        return Result.ALREADY_FRESH;
      }
      last = f;
      if (f.kind() == Kind.INVALID_CLIENT || f.kind() == Kind.MISCONFIGURED) {
        // Provider-wide: the OAuth client is at fault, not this account.
        breakers.failure(account.platform());
        return Result.SKIPPED_PLATFORM;
      }
      if (!f.kind().retryable()) {
        accounts.markError(
            account.id(), "token refresh failed (non-retryable): " + f.kind() + ": " + f.message());
        lifecycle.forget(account);
        LOG.warn("refresher.account_disabled account_id={} kind={}", account.id(), f.kind());
        return Result.DISABLED;
      }
      if (attempt < settings.maxAttempts() && !backoff(attempt, sweep)) {
        break;
      }
    }
    breakers.failure(account.platform());
    String kind = last == null ? "timeout" : last.kind().toString();
    accounts.setTempUnschedulable(
        account.id(),
        clock.instant().plus(EXHAUSTED_COOLDOWN),
        "token refresh retry exhausted: " + kind);
    LOG.warn("refresher.retries_exhausted account_id={} kind={}", account.id(), kind);
    return Result.FAILED;
  }

  /** Sleeps base·2^(attempt-1) ±25 %, capped; false when that would pass the sweep deadline. */
  private boolean backoff(int attempt, Deadline sweep) throws InterruptedException {
    Duration pause =
        new Backoff(settings.retryBackoff(), 2, RETRY_CAP, 0.25).delay(attempt, random);
    if (pause.compareTo(sweep.remaining()) >= 0) {
      return false;
    }
    sleeper.sleep(pause);
    return true;
  }
}
