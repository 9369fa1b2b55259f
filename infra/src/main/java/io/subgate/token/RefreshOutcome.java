package io.subgate.token;

import io.subgate.account.Account;
import io.subgate.token.RefreshFailure.Kind;
import org.jspecify.annotations.Nullable;

/** What one pass of the shared refresh flow did. */
public sealed interface RefreshOutcome {

  /** This pass obtained (or recovered) new credentials and stored them; the cache is written. */
  record Refreshed(Account account) implements RefreshOutcome {}

  /** No refresh was needed: the token is fresh, or another process refreshed it first. */
  record NotNeeded(Account account) implements RefreshOutcome {}

  /** Another process holds the account's refresh lock. */
  record LockHeld() implements RefreshOutcome {}

  /** No lock backend could answer; refreshing without a lock is refused. */
  record LockUnavailable() implements RefreshOutcome {}

  /** The account cannot be refreshed (gone, not active, not OAuth, no refresh token). */
  record Skipped(String reason) implements RefreshOutcome {}

  /**
   * The provider call or the write failed.
   *
   * @param account the account as it was when the attempt started, when known
   */
  record Failed(Kind kind, String message, @Nullable Account account) implements RefreshOutcome {}
}
