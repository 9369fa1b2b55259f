package io.subgate.gateway.admin;

import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;
import io.subgate.account.Account;
import io.subgate.account.LastUpstreamFailure;
import io.subgate.account.OAuthCredentials;
import io.subgate.account.Platform;
import io.subgate.account.QuotaReport;
import io.subgate.tenancy.ApiKey;
import io.subgate.tenancy.Group;
import io.subgate.tenancy.User;
import java.time.Clock;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/** Response bodies of the admin API. Credentials never appear, only their expiry. */
final class AdminViews {
  private AdminViews() {}

  @Serdeable(naming = SnakeCaseStrategy.class)
  record AccountView(
      long id,
      String name,
      String platform,
      String type,
      String status,
      @Nullable String errorMessage,
      boolean schedulable,
      boolean schedulableNow,
      int priority,
      int concurrency,
      @Nullable Instant rateLimitedUntil,
      @Nullable Instant overloadUntil,
      @Nullable Instant tempUnschedulableUntil,
      @Nullable String tempUnschedulableReason,
      @Nullable Instant lastUsedAt,
      @Nullable Instant tokenExpiresAt,
      boolean hasRefreshToken,
      long credentialsVersion,
      long version,
      Instant createdAt,
      List<String> models,
      Map<String, String> modelMapping,
      @Nullable Integer lastUpstreamStatus,
      @Nullable String lastUpstreamFailure,
      @Nullable Instant lastUpstreamFailureAt,
      @Nullable String upstreamAccountId,
      @Nullable String projectId,
      Map<String, Instant> modelCooldowns,
      @Nullable QuotaReport quota,
      java.math.BigDecimal rateMultiplier,
      int rpmLimit,
      int sessionLimit,
      long sessionIdleSeconds,
      @Nullable Instant endsAt,
      boolean ended,
      @Nullable Long proxyId) {

    static AccountView of(Account a, Clock clock) {
      boolean refreshable =
          a.credentials() instanceof OAuthCredentials oauth && oauth.hasRefreshToken();
      LastUpstreamFailure last = a.lastUpstreamFailure();
      return new AccountView(
          a.id(),
          a.name(),
          a.platform().wireName(),
          a.type().wireName(),
          a.status().wireName(),
          a.errorMessage(),
          a.schedulable(),
          a.isSchedulableAt(clock.instant()),
          a.priority(),
          a.concurrency(),
          a.cooldowns().rateLimitedUntil(),
          a.cooldowns().overloadUntil(),
          a.cooldowns().tempUnschedulableUntil(),
          a.cooldowns().tempUnschedulableReason(),
          a.lastUsedAt(),
          a.credentials().expiresAt(),
          refreshable,
          a.credentialsVersion(),
          a.settingsVersion(),
          a.createdAt(),
          a.models(),
          a.mapping().entries(),
          last == null ? null : last.status(),
          last == null ? null : last.kind(),
          last == null ? null : last.at(),
          a.credentials() instanceof OAuthCredentials o ? o.upstreamAccountId() : null,
          a.credentials() instanceof OAuthCredentials o ? o.projectId() : null,
          a.cooldowns().models(),
          a.quota(),
          a.rateMultiplier(),
          a.pacing().requestsPerMinute(),
          a.pacing().sessions(),
          a.pacing().sessionIdle().toSeconds(),
          a.pacing().endsAt(),
          a.pacing().endedAt(clock.instant()),
          a.proxyId());
    }
  }

  @Serdeable(naming = SnakeCaseStrategy.class)
  record AccountList(
      List<AccountView> accounts, @Nullable Long nextAfterId, @Nullable Integer nextOffset) {
    AccountList(List<AccountView> accounts, @Nullable Long nextAfterId) {
      this(accounts, nextAfterId, null);
    }
  }

  @Serdeable(naming = SnakeCaseStrategy.class)
  record GroupView(
      long id,
      String name,
      String platform,
      List<String> platforms,
      Map<String, String> modelMapping,
      Map<String, String> defaultModels,
      @Nullable Long fallbackGroupId,
      java.math.BigDecimal rateMultiplier,
      long version,
      List<Long> accountIds,
      Instant createdAt) {
    static GroupView of(Group g, List<Long> accountIds) {
      Map<String, String> defaults = new TreeMap<>();
      g.settings().defaultModels().forEach((p, m) -> defaults.put(p.wireName(), m));
      return new GroupView(
          g.id(),
          g.name(),
          g.platformName(),
          EnumSet.copyOf(g.platforms()).stream().map(Platform::wireName).toList(),
          new TreeMap<>(g.settings().modelMapping().entries()),
          defaults,
          g.settings().fallbackGroupId(),
          g.settings().rateMultiplier(),
          g.version(),
          accountIds,
          g.createdAt());
    }
  }

  @Serdeable(naming = SnakeCaseStrategy.class)
  record UserView(long id, String name, int concurrency, boolean active, Instant createdAt) {
    static UserView of(User u) {
      return new UserView(u.id(), u.name(), u.concurrency(), u.active(), u.createdAt());
    }
  }

  /** A client key as operators see it: its prefix, never the key or its hash. */
  @Serdeable(naming = SnakeCaseStrategy.class)
  record ApiKeyView(
      long id,
      long userId,
      long groupId,
      String name,
      String prefix,
      String status,
      @Nullable Instant expiresAt,
      int requestsPerMinute,
      long tokensPerDay,
      @Nullable Instant lastUsedAt,
      Instant createdAt) {
    static ApiKeyView of(ApiKey k) {
      String status =
          !k.active()
              ? "revoked"
              : k.expiresAt() != null && !k.expiresAt().isAfter(Instant.now())
                  ? "expired"
                  : "active";
      return new ApiKeyView(
          k.id(),
          k.userId(),
          k.groupId(),
          k.name(),
          k.prefix(),
          status,
          k.expiresAt(),
          k.requestsPerMinute(),
          k.tokensPerDay(),
          k.lastUsedAt(),
          k.createdAt());
    }
  }

  /** Returned once, at creation: the only time the plaintext key is visible. */
  @Serdeable(naming = SnakeCaseStrategy.class)
  record CreatedApiKey(
      long id,
      long userId,
      long groupId,
      String name,
      String prefix,
      String key,
      Instant createdAt) {
    static CreatedApiKey of(ApiKey k, String plaintext) {
      return new CreatedApiKey(
          k.id(), k.userId(), k.groupId(), k.name(), k.prefix(), plaintext, k.createdAt());
    }
  }
}
