package io.subgate.routing;

import io.subgate.account.Account;
import io.subgate.account.AccountRepository;
import io.subgate.account.AccountStatus;
import io.subgate.account.Cooldowns;
import io.subgate.account.LastUpstreamFailure;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records what an upstream said about an account: the stored cooldown (seen by every process) and
 * the cached candidate copy of this process (seen by the next request at once). Credentials are
 * never touched here; only the token lifecycle writes them.
 */
@Singleton
public final class AccountHealth {
  private static final Logger LOG = LoggerFactory.getLogger(AccountHealth.class);

  private final AccountRepository accounts;
  private final CandidateCache candidates;
  private final Clock clock;

  public AccountHealth(AccountRepository accounts, CandidateCache candidates, Clock clock) {
    this.accounts = accounts;
    this.candidates = candidates;
    this.clock = clock;
  }

  /** Remembers the failure for operators (the admin API shows it). */
  public void failed(Account account, int status, String kind) {
    LastUpstreamFailure failure = new LastUpstreamFailure(status, kind, clock.instant());
    store(account, "last_failure", () -> accounts.recordUpstreamFailure(account.id(), failure));
  }

  /** The upstream rate-limited the account for {@code cooldown}. */
  public void rateLimited(Account account, Duration cooldown) {
    Instant until = clock.instant().plus(cooldown);
    store(account, "rate_limited", () -> accounts.setRateLimitedUntil(account.id(), until));
    candidates.update(account.withCooldowns(account.cooldowns().withRateLimitedUntil(until)));
    LOG.info("account.rate_limited account_id={} until={}", account.id(), until);
  }

  /**
   * The upstream rate-limited the account for one model only (Google's per-model quotas): the
   * account stays schedulable for every other model. Written as the whole map from this process's
   * copy; a concurrent write for another model by another process may be lost, which costs one more
   * upstream try on that model, never a stuck account.
   */
  public void modelRateLimited(Account account, String model, Duration cooldown) {
    modelCooldown(account, model, cooldown, false);
  }

  /**
   * The upstream refused the model on this account (not found, no access): the account skips that
   * model for {@code cooldown} and stays schedulable for every other. Never the whole account: a
   * client can ask for a model it may not use as often as it likes.
   */
  public void modelRefused(Account account, String model, Duration cooldown) {
    modelCooldown(account, model, cooldown, true);
  }

  private void modelCooldown(Account account, String model, Duration cooldown, boolean refused) {
    Instant now = clock.instant();
    Instant until = now.plus(cooldown);
    Cooldowns next =
        refused
            ? account.cooldowns().withModelRefusedUntil(model, until, now)
            : account.cooldowns().withModelLimitedUntil(model, until, now);
    String why = refused ? "model_refused" : "model_rate_limited";
    store(account, why, () -> accounts.setModelCooldowns(account.id(), next.models()));
    candidates.update(account.withCooldowns(next));
    LOG.info("account.{} account_id={} model={} until={}", why, account.id(), model, until);
  }

  /**
   * The account cannot serve until an operator acts (its Google project refused access): error
   * state with {@code message}, which the admin API shows.
   */
  public void broken(Account account, String message) {
    store(account, "error", () -> accounts.markError(account.id(), message));
    candidates.update(account.withStatus(AccountStatus.ERROR, message));
    LOG.warn("account.error account_id={} reason={}", account.id(), message);
  }

  /** The upstream is overloaded for this account for {@code cooldown}. */
  public void overloaded(Account account, Duration cooldown) {
    Instant until = clock.instant().plus(cooldown);
    store(account, "overloaded", () -> accounts.setOverloadUntil(account.id(), until));
    candidates.update(account.withCooldowns(account.cooldowns().withOverloadUntil(until)));
    LOG.info("account.overloaded account_id={} until={}", account.id(), until);
  }

  /** The account failed repeatedly; selection skips it for {@code cooldown}. */
  public void unschedulable(Account account, Duration cooldown, String reason) {
    Instant until = clock.instant().plus(cooldown);
    store(
        account,
        "temp_unschedulable",
        () -> accounts.setTempUnschedulable(account.id(), until, reason));
    candidates.update(
        account.withCooldowns(account.cooldowns().withTempUnschedulable(until, reason)));
    LOG.info(
        "account.temp_unschedulable account_id={} until={} reason={}", account.id(), until, reason);
  }

  /**
   * Writes account state; a database that cannot take it must not fail the request that is failing
   * over (the process's own copy is still updated).
   */
  private static void store(Account account, String what, Runnable write) {
    try {
      write.run();
    } catch (RuntimeException e) {
      LOG.warn(
          "account.state_not_stored account_id={} state={} error={}",
          account.id(),
          what,
          e.getClass().getSimpleName());
    }
  }
}
