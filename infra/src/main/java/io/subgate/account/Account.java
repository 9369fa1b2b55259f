package io.subgate.account;

import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * An upstream subscription or key in the pool.
 *
 * @param priority lower values are preferred by selection
 * @param concurrency maximum simultaneous upstream requests on this account
 * @param credentialsVersion incremented by every credentials write; the compare-and-set fence
 * @param models the models this account serves; empty means all
 * @param lastUpstreamFailure the last time an upstream refused through this account, if ever
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
    Instant createdAt,
    List<String> models,
    @Nullable LastUpstreamFailure lastUpstreamFailure) {

  public Account {
    models = List.copyOf(models);
  }

  /** Whether this account serves {@code model}: an empty list means every model. */
  public boolean supports(String model) {
    return models.isEmpty() || models.contains(model);
  }

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
        createdAt,
        models,
        lastUpstreamFailure);
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
        createdAt,
        models,
        lastUpstreamFailure);
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
        createdAt,
        models,
        lastUpstreamFailure);
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
        createdAt,
        models,
        lastUpstreamFailure);
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
        createdAt,
        models,
        lastUpstreamFailure);
  }

  public Account withLastUpstreamFailure(LastUpstreamFailure next) {
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
        credentials,
        credentialsVersion,
        createdAt,
        models,
        next);
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
