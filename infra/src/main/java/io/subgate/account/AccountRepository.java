package io.subgate.account;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Durable store of accounts. Shared by the gateway and the refresher, so every write is scoped to
 * the columns it owns: a credentials write never touches cooldown columns and vice versa.
 *
 * <p>Implementations are thread-safe. Credentials are encrypted by the implementation before they
 * reach storage.
 */
public interface AccountRepository {

  /**
   * Inserts an account with credentials version 1.
   *
   * @throws DuplicateNameException when the name is taken; nothing is written
   */
  Account create(NewAccount account);

  Optional<Account> findById(long id);

  /** Accounts with {@code id > afterId} in id order, at most {@code limit} of them. */
  List<Account> listAfter(long afterId, int limit);

  /**
   * Accounts with {@code id > afterId} in id order whose tokens the refresher looks after: active
   * and OAuth typed ({@code oauth}, {@code setup-token}), whatever their expiry.
   */
  List<Account> listRefreshable(long afterId, int limit);

  /**
   * Replaces the credentials only if the stored version still equals {@code expectedVersion}; the
   * version then becomes {@code expectedVersion + 1}. This is the fence that stops a stale writer
   * (an expired lock lease, a paused process) from overwriting newer credentials.
   *
   * @return true when this call won; false when the version moved on or the account is gone
   */
  boolean compareAndSetCredentials(long id, long expectedVersion, Credentials next);

  /** Sets the rate-limit cooldown end (may shorten or extend it). */
  void setRateLimitedUntil(long id, Instant until);

  /** Sets the overload cooldown end (may shorten or extend it). */
  void setOverloadUntil(long id, Instant until);

  /**
   * Marks the account temporarily unschedulable. Extend-only: an existing later end is kept, so a
   * short cooldown never cuts a longer one short.
   */
  void setTempUnschedulable(long id, Instant until, String reason);

  void clearTempUnschedulable(long id);

  /** Status becomes {@link AccountStatus#ERROR} with the given (already redacted) message. */
  void markError(long id, String message);

  /** Status becomes {@link AccountStatus#ACTIVE}, the error message is cleared. */
  void clearError(long id);

  void setSchedulable(long id, boolean schedulable);

  /** Records the last upstream failure seen through the account (for operators). */
  void recordUpstreamFailure(long id, LastUpstreamFailure failure);

  /** Replaces the usage windows the provider last reported for the account. */
  void recordQuota(long id, QuotaReport report);

  /**
   * Replaces the account's per-model rate limits ({@link Cooldowns#models()}) with {@code
   * cooldowns}; an empty map clears them.
   */
  void setModelCooldowns(long id, Map<String, Instant> cooldowns);

  /**
   * Replaces name, priority, concurrency and models if the settings version still equals {@code
   * expectedVersion}, which then moves on by one.
   *
   * @return false when the version moved on or the account is gone or deleted
   * @throws DuplicateNameException when the new name is taken
   */
  boolean updateSettings(long id, long expectedVersion, AccountSettings next);

  /**
   * Sets an operator status: {@link AccountStatus#ACTIVE} (clearing any error) or {@link
   * AccountStatus#DISABLED}; the settings version moves on. A deleted account stays deleted.
   *
   * @return false when the account is gone or deleted
   */
  boolean setStatus(long id, AccountStatus status);

  /** Ends every cooldown: rate limit, overload, temp-unschedulable, per-model limits. */
  void clearCooldowns(long id);

  /**
   * Soft delete: status {@link AccountStatus#DELETED}, out of every group, the name freed (it
   * becomes {@code deleted-<id>-<name>}); usage history stays.
   *
   * @return false when the account is gone or already deleted
   */
  boolean delete(long id);

  /** Records use; only moves forward in time. */
  void touchLastUsed(long id, Instant at);
}
