package io.subgate.account;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * An upstream subscription or key in the pool.
 *
 * @param priority lower values are preferred by selection
 * @param concurrency maximum simultaneous upstream requests on this account
 * @param credentialsVersion incremented by every credentials write; the compare-and-set fence
 * @param models the models this account serves; empty means all (or, for an API key with a model
 *     mapping, the mapping's models)
 * @param lastUpstreamFailure the last time an upstream refused through this account, if ever
 * @param quota the usage windows the provider last reported, if it reports any
 * @param settingsVersion incremented by every operator change of name, priority, concurrency,
 *     models, pacing or status; the compare-and-set fence of admin updates
 * @param pacing the account's requests-per-minute and session caps and its subscription's end
 * @param proxyId the egress proxy every call for this account leaves through (null: direct)
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
    @Nullable LastUpstreamFailure lastUpstreamFailure,
    @Nullable QuotaReport quota,
    long settingsVersion,
    BigDecimal rateMultiplier,
    Pacing pacing,
    @Nullable Long proxyId) {

  public Account {
    rateMultiplier = io.subgate.pricing.Charges.normalized(rateMultiplier);
    models = List.copyOf(models);
  }

  /** An account charged at API prices (rate multiplier 1), without pacing. */
  public Account(
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
      @Nullable LastUpstreamFailure lastUpstreamFailure,
      @Nullable QuotaReport quota,
      long settingsVersion) {
    this(
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
        lastUpstreamFailure,
        quota,
        settingsVersion,
        BigDecimal.ONE,
        Pacing.NONE,
        null);
  }

  /** Whether this account serves {@code model}: an empty list means every model. */
  public boolean supports(String model) {
    ModelMapping mapping = mapping();
    return (models.isEmpty() && mapping.isEmpty())
        || models.contains(model)
        || mapping.target(model) != null;
  }

  /** The API-key account's model names; none for a subscription. */
  public ModelMapping mapping() {
    return credentials instanceof StaticKeyCredentials key ? key.mapping() : ModelMapping.NONE;
  }

  /** Whether an operator deleted the account (kept for its usage history). */
  public boolean deleted() {
    return status == AccountStatus.DELETED;
  }

  /** Whether selection may pick this account at {@code now}. */
  public boolean isSchedulableAt(Instant now) {
    return status == AccountStatus.ACTIVE
        && schedulable
        && !cooldowns.activeAt(now)
        && !pacing.endedAt(now);
  }

  public Account withCredentials(Credentials next, long version) {
    return copy(
        p -> {
          p.credentials = next;
          p.credentialsVersion = version;
        });
  }

  public Account withStatus(AccountStatus next, @Nullable String message) {
    return copy(
        p -> {
          p.status = next;
          p.errorMessage = message;
        });
  }

  public Account withSchedulable(boolean next) {
    return copy(p -> p.schedulable = next);
  }

  public Account withCooldowns(Cooldowns next) {
    return copy(p -> p.cooldowns = next);
  }

  public Account withLastUsedAt(Instant next) {
    return copy(p -> p.lastUsedAt = next);
  }

  public Account withLastUpstreamFailure(LastUpstreamFailure next) {
    return copy(p -> p.lastUpstreamFailure = next);
  }

  public Account withQuota(QuotaReport next) {
    return copy(p -> p.quota = next);
  }

  /** This account with the operator's {@code next} settings, at {@code version}. */
  public Account withSettings(AccountSettings next, long version) {
    return copy(
        p -> {
          p.name = next.name();
          p.priority = next.priority();
          p.concurrency = next.concurrency();
          p.models = next.models();
          p.rateMultiplier = next.rateMultiplier();
          p.pacing = next.pacing();
          p.proxyId = next.proxyId();
          p.settingsVersion = version;
        });
  }

  /** This account with the components {@code change} sets; the one place listing them all. */
  private Account copy(Consumer<Parts> change) {
    Parts p = new Parts(this);
    change.accept(p);
    return new Account(
        id,
        p.name,
        platform,
        type,
        p.status,
        p.errorMessage,
        p.schedulable,
        p.priority,
        p.concurrency,
        p.cooldowns,
        p.lastUsedAt,
        p.credentials,
        p.credentialsVersion,
        createdAt,
        p.models,
        p.lastUpstreamFailure,
        p.quota,
        p.settingsVersion,
        p.rateMultiplier,
        p.pacing,
        p.proxyId);
  }

  /** The components a wither may change. */
  private static final class Parts {
    String name;
    int priority;
    int concurrency;
    List<String> models;
    long settingsVersion;
    BigDecimal rateMultiplier;
    Pacing pacing;
    @Nullable Long proxyId;
    AccountStatus status;
    @Nullable String errorMessage;
    boolean schedulable;
    Cooldowns cooldowns;
    @Nullable Instant lastUsedAt;
    Credentials credentials;
    long credentialsVersion;
    @Nullable LastUpstreamFailure lastUpstreamFailure;
    @Nullable QuotaReport quota;

    Parts(Account a) {
      name = a.name;
      priority = a.priority;
      concurrency = a.concurrency;
      models = a.models;
      settingsVersion = a.settingsVersion;
      rateMultiplier = a.rateMultiplier;
      pacing = a.pacing;
      proxyId = a.proxyId;
      status = a.status;
      errorMessage = a.errorMessage;
      schedulable = a.schedulable;
      cooldowns = a.cooldowns;
      lastUsedAt = a.lastUsedAt;
      credentials = a.credentials;
      credentialsVersion = a.credentialsVersion;
      lastUpstreamFailure = a.lastUpstreamFailure;
      quota = a.quota;
    }
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
