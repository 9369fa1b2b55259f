package io.subgate.account;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * An upstream subscription or key in the pool.
 *
 * @param priority lower values are preferred by selection
 * @param concurrency maximum simultaneous upstream requests on this account
 * @param credentialsVersion incremented by every credentials write; the compare-and-set fence
 */
public record Account(
    long id,
    String name,
    Platform platform,
    AccountType type,
    AccountStatus status,
    @Nullable String errorMessage,
    boolean schedulable,
    int priority,
    int concurrency,
    Cooldowns cooldowns,
    @Nullable Instant lastUsedAt,
    Credentials credentials,
    long credentialsVersion,
    Instant createdAt) {

  /** Whether selection may pick this account at {@code now}. */
  public boolean isSchedulableAt(Instant now) {
    return status == AccountStatus.ACTIVE && schedulable && !cooldowns.activeAt(now);
  }

  public Account withCredentials(Credentials next, long version) {
    return new Account(
        id,
        name,
        platform,
        type,
        status,
        errorMessage,
        schedulable,
        priority,
        concurrency,
        cooldowns,
        lastUsedAt,
        next,
        version,
        createdAt);
  }

  public Account withStatus(AccountStatus next, @Nullable String message) {
    return new Account(
        id,
        name,
        platform,
        type,
        next,
        message,
        schedulable,
        priority,
        concurrency,
        cooldowns,
        lastUsedAt,
        credentials,
        credentialsVersion,
        createdAt);
  }

  public Account withSchedulable(boolean next) {
    return new Account(
        id,
        name,
        platform,
        type,
        status,
        errorMessage,
        next,
        priority,
        concurrency,
        cooldowns,
        lastUsedAt,
        credentials,
        credentialsVersion,
        createdAt);
  }

  public Account withCooldowns(Cooldowns next) {
    return new Account(
        id,
        name,
        platform,
        type,
        status,
        errorMessage,
        schedulable,
        priority,
        concurrency,
        next,
        lastUsedAt,
        credentials,
        credentialsVersion,
        createdAt);
  }

  public Account withLastUsedAt(Instant next) {
    return new Account(
        id,
        name,
        platform,
        type,
        status,
        errorMessage,
        schedulable,
        priority,
        concurrency,
        cooldowns,
        next,
        credentials,
        credentialsVersion,
        createdAt);
  }

  @Override
  public String toString() {
    return "Account[id="
        + id
        + ", name="
        + name
        + ", platform="
        + platform
        + ", type="
        + type
        + "]";
  }
}
