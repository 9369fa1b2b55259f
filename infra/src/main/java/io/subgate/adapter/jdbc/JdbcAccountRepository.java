package io.subgate.adapter.jdbc;

import io.micronaut.data.exceptions.DataAccessException;
import io.micronaut.json.JsonMapper;
import io.micronaut.transaction.annotation.Transactional;
import io.subgate.account.Account;
import io.subgate.account.AccountRepository;
import io.subgate.account.AccountSettings;
import io.subgate.account.AccountStatus;
import io.subgate.account.AccountType;
import io.subgate.account.Cooldowns;
import io.subgate.account.Credentials;
import io.subgate.account.DuplicateNameException;
import io.subgate.account.LastUpstreamFailure;
import io.subgate.account.NewAccount;
import io.subgate.account.Pacing;
import io.subgate.account.Platform;
import io.subgate.account.QuotaReport;
import io.subgate.crypto.CredentialDecryptionException;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@link AccountRepository} on micronaut-data-jdbc (PostgreSQL, or H2 in PostgreSQL mode). */
@Singleton
public class JdbcAccountRepository implements AccountRepository {
  private static final Logger LOG = LoggerFactory.getLogger(JdbcAccountRepository.class);
  static final String UNREADABLE =
      "credentials cannot be decrypted with this deployment's key (rotated key or another"
          + " deployment's row): replace them";

  private final AccountRowRepository rows;
  private final CredentialsCodec codec;
  private final Clock clock;
  private final JsonMapper json;

  public JdbcAccountRepository(
      AccountRowRepository rows, CredentialsCodec codec, Clock clock, JsonMapper json) {
    this.rows = rows;
    this.json = json;
    this.codec = codec;
    this.clock = clock;
  }

  @Override
  public Account create(NewAccount a) {
    AccountRow row =
        new AccountRow(
            null,
            a.name(),
            a.platform().wireName(),
            a.type().wireName(),
            AccountStatus.ACTIVE.wireName(),
            null,
            true,
            a.priority(),
            a.concurrency(),
            null,
            null,
            null,
            null,
            null,
            codec.sealUnbound(a.credentials()),
            1L,
            a.credentials().expiresAt(),
            clock.instant().truncatedTo(ChronoUnit.MICROS),
            a.models().isEmpty() ? null : String.join(",", a.models()),
            null,
            null,
            null,
            null,
            null,
            0L,
            java.math.BigDecimal.ONE,
            0,
            0,
            (int) Pacing.DEFAULT_SESSION_IDLE.toSeconds(),
            null,
            null);
    try {
      AccountRow saved = rows.save(row);
      long id = RowIds.require(saved.id());
      rows.resealCredentials(id, codec.seal(a.credentials(), id));
      return toAccount(saved); // its unbound ciphertext still opens: no second read
    } catch (DataAccessException e) {
      if (SqlErrors.isUniqueViolation(e)) {
        throw new DuplicateNameException("account", a.name());
      }
      throw e;
    }
  }

  @Override
  public Optional<Account> findById(long id) {
    return rows.findById(id).map(this::toAccount);
  }

  @Override
  public List<Account> listAfter(long afterId, int limit) {
    return rows.listAfter(afterId, limit).stream().map(this::toAccount).toList();
  }

  @Override
  public List<Account> listRefreshable(long afterId, int limit) {
    List<Account> out = new ArrayList<>();
    for (AccountRow r : rows.listRefreshable(afterId, limit)) {
      try {
        out.add(toAccount(r));
      } catch (CredentialDecryptionException e) {
        // One row this deployment's key cannot open must not stop the refresher's page: the
        // account is put in error, where operators see why, and the page goes on.
        long id = RowIds.require(r.id());
        LOG.warn("accounts.credentials_unreadable account_id={}", id);
        rows.updateStatus(id, AccountStatus.ERROR.wireName(), UNREADABLE);
      }
    }
    return out;
  }

  @Override
  public boolean compareAndSetCredentials(long id, long expectedVersion, Credentials next) {
    return rows.compareAndSetCredentials(
            id, expectedVersion, codec.seal(next, id), next.expiresAt())
        == 1;
  }

  @Override
  public void setRateLimitedUntil(long id, Instant until) {
    rows.updateRateLimitedUntil(id, until);
  }

  @Override
  public void setOverloadUntil(long id, Instant until) {
    rows.updateOverloadUntil(id, until);
  }

  @Override
  public void setTempUnschedulable(long id, Instant until, String reason) {
    rows.extendTempUnschedulable(id, until, reason);
  }

  @Override
  public void clearTempUnschedulable(long id) {
    rows.clearTempUnschedulable(id);
  }

  @Override
  public void markError(long id, String message) {
    rows.updateStatus(id, AccountStatus.ERROR.wireName(), message);
  }

  @Override
  public void clearError(long id) {
    rows.updateStatus(id, AccountStatus.ACTIVE.wireName(), null);
  }

  @Override
  public void setSchedulable(long id, boolean schedulable) {
    rows.updateSchedulable(id, schedulable);
  }

  @Override
  public void recordUpstreamFailure(long id, LastUpstreamFailure failure) {
    rows.recordUpstreamFailure(id, failure.status(), failure.kind(), failure.at());
  }

  @Override
  public void recordQuota(long id, QuotaReport report) {
    try {
      rows.recordQuota(id, json.writeValueAsString(report));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void setModelCooldowns(long id, Map<String, Instant> cooldowns) {
    rows.updateModelCooldowns(id, ModelCooldownsColumn.write(cooldowns));
  }

  @Override
  public boolean updateSettings(long id, long expectedVersion, AccountSettings next) {
    try {
      return rows.updateSettings(
              id,
              expectedVersion,
              next.name(),
              next.priority(),
              next.concurrency(),
              next.models().isEmpty() ? null : String.join(",", next.models()),
              next.rateMultiplier(),
              next.pacing().requestsPerMinute(),
              next.pacing().sessions(),
              (int) next.pacing().sessionIdle().toSeconds(),
              next.pacing().endsAt(),
              next.proxyId())
          == 1;
    } catch (DataAccessException e) {
      if (SqlErrors.isUniqueViolation(e)) {
        throw new DuplicateNameException("account", next.name());
      }
      throw e;
    }
  }

  @Override
  public boolean setStatus(long id, AccountStatus status) {
    if (status != AccountStatus.ACTIVE && status != AccountStatus.DISABLED) {
      throw new IllegalArgumentException("operators set active or disabled, not " + status);
    }
    return rows.updateOperatorStatus(id, status.wireName()) == 1;
  }

  @Override
  public void clearCooldowns(long id) {
    rows.clearCooldowns(id);
  }

  @Override
  @Transactional
  public boolean delete(long id) {
    if (rows.softDelete(id) != 1) {
      return false;
    }
    rows.leaveGroups(id);
    return true;
  }

  @Override
  public void touchLastUsed(long id, Instant at) {
    rows.touchLastUsed(id, at);
  }

  private Account toAccount(AccountRow r) {
    AccountType type = AccountType.fromWire(r.type());
    return new Account(
        RowIds.require(r.id()),
        r.name(),
        Platform.fromWire(r.platform()),
        type,
        AccountStatus.fromWire(r.status()),
        r.errorMessage(),
        r.schedulable(),
        r.priority(),
        r.concurrency(),
        new Cooldowns(
            r.rateLimitedUntil(),
            r.overloadUntil(),
            r.tempUnschedulableUntil(),
            r.tempUnschedulableReason(),
            ModelCooldownsColumn.read(r.modelCooldowns())),
        r.lastUsedAt(),
        codec.open(r.credentialsCiphertext(), type, RowIds.require(r.id())),
        r.credentialsVersion(),
        r.createdAt(),
        modelsOf(r.models()),
        r.lastUpstreamStatus() == null || r.lastUpstreamFailureAt() == null
            ? null
            : new LastUpstreamFailure(
                r.lastUpstreamStatus(),
                String.valueOf(r.lastUpstreamKind()),
                r.lastUpstreamFailureAt()),
        quotaOf(r.quotaReport()),
        r.settingsVersion(),
        r.rateMultiplier() == null ? java.math.BigDecimal.ONE : r.rateMultiplier(),
        pacingOf(r),
        r.proxyId());
  }

  private static Pacing pacingOf(AccountRow r) {
    Integer idle = r.sessionIdleSeconds();
    return new Pacing(
        r.rpmLimit() == null ? 0 : r.rpmLimit(),
        r.sessionLimit() == null ? 0 : r.sessionLimit(),
        idle == null || idle <= 0 ? Pacing.DEFAULT_SESSION_IDLE : Duration.ofSeconds(idle),
        r.endsAt());
  }

  private @Nullable QuotaReport quotaOf(@Nullable String stored) {
    if (stored == null || stored.isBlank()) {
      return null;
    }
    try {
      return json.readValue(stored, QuotaReport.class);
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  private static List<String> modelsOf(@Nullable String stored) {
    return stored == null || stored.isBlank() ? List.of() : List.of(stored.split(","));
  }
}
