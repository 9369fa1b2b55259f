package io.subgate.adapter.jdbc;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;
import java.time.Instant;
import java.util.List;

/** Generated SQL access to {@code accounts}; every update touches only the columns it names. */
@JdbcRepository(dialect = Dialect.POSTGRES)
public interface AccountRowRepository extends CrudRepository<AccountRow, Long> {

  @Query(
      "SELECT * FROM accounts WHERE id > :afterId AND status <> 'deleted' ORDER BY id LIMIT"
          + " :limit")
  List<AccountRow> listAfter(long afterId, int limit);

  @Query(
      "SELECT * FROM accounts WHERE id > :afterId AND status = 'active'"
          + " AND type IN ('oauth', 'setup-token') ORDER BY id LIMIT :limit")
  List<AccountRow> listRefreshable(long afterId, int limit);

  /** The same credentials sealed again (bound to the account): no new version. */
  @Query("UPDATE accounts SET credentials_ciphertext = :ciphertext WHERE id = :id")
  int resealCredentials(long id, String ciphertext);

  @Query(
      "UPDATE accounts SET credentials_ciphertext = :ciphertext, token_expires_at = :expiresAt,"
          + " credentials_version = credentials_version + 1"
          + " WHERE id = :id AND credentials_version = :expectedVersion")
  int compareAndSetCredentials(
      long id, long expectedVersion, String ciphertext, @Nullable Instant expiresAt);

  @Query("UPDATE accounts SET rate_limited_until = :until WHERE id = :id")
  int updateRateLimitedUntil(long id, Instant until);

  @Query("UPDATE accounts SET overload_until = :until WHERE id = :id")
  int updateOverloadUntil(long id, Instant until);

  @Query(
      "UPDATE accounts SET temp_unschedulable_until = :until, temp_unschedulable_reason = :reason"
          + " WHERE id = :id AND (temp_unschedulable_until IS NULL OR temp_unschedulable_until < :until)")
  int extendTempUnschedulable(long id, Instant until, String reason);

  @Query(
      "UPDATE accounts SET temp_unschedulable_until = NULL, temp_unschedulable_reason = NULL"
          + " WHERE id = :id")
  int clearTempUnschedulable(long id);

  @Query(
      "UPDATE accounts SET last_upstream_status = :upstreamStatus,"
          + " last_upstream_kind = :upstreamKind, last_upstream_failure_at = :failedAt"
          + " WHERE id = :id")
  void recordUpstreamFailure(long id, int upstreamStatus, String upstreamKind, Instant failedAt);

  @Query("UPDATE accounts SET quota_report = :report WHERE id = :id")
  void recordQuota(long id, String report);

  @Query("UPDATE accounts SET model_cooldowns = :cooldowns WHERE id = :id")
  void updateModelCooldowns(long id, @Nullable String cooldowns);

  @Query(
      "UPDATE accounts SET name = :name, priority = :priority, concurrency = :concurrency,"
          + " models = :models, rate_multiplier = :rateMultiplier, rpm_limit = :rpmLimit,"
          + " session_limit = :sessionLimit, session_idle_seconds = :sessionIdleSeconds,"
          + " ends_at = :endsAt, proxy_id = :proxyId, settings_version = settings_version + 1"
          + " WHERE id = :id AND settings_version = :expected AND status <> 'deleted'")
  int updateSettings(
      long id,
      long expected,
      String name,
      int priority,
      int concurrency,
      @Nullable String models,
      java.math.BigDecimal rateMultiplier,
      int rpmLimit,
      int sessionLimit,
      int sessionIdleSeconds,
      @Nullable Instant endsAt,
      @Nullable Long proxyId);

  @Query(
      "UPDATE accounts SET status = :status, error_message = NULL,"
          + " settings_version = settings_version + 1 WHERE id = :id AND status <> 'deleted'")
  int updateOperatorStatus(long id, String status);

  @Query(
      "UPDATE accounts SET rate_limited_until = NULL, overload_until = NULL,"
          + " temp_unschedulable_until = NULL, temp_unschedulable_reason = NULL,"
          + " model_cooldowns = NULL WHERE id = :id")
  int clearCooldowns(long id);

  @Query(
      "UPDATE accounts SET status = 'deleted', schedulable = FALSE,"
          + " name = SUBSTRING(CONCAT('deleted-', CAST(id AS VARCHAR(20)), '-', name) FROM 1 FOR 200),"
          + " settings_version = settings_version + 1 WHERE id = :id AND status <> 'deleted'")
  int softDelete(long id);

  @Query("DELETE FROM group_members WHERE account_id = :id")
  int leaveGroups(long id);

  @Query("UPDATE accounts SET status = :status, error_message = :message WHERE id = :id")
  int updateStatus(long id, String status, @Nullable String message);

  @Query("UPDATE accounts SET schedulable = :schedulable WHERE id = :id")
  int updateSchedulable(long id, boolean schedulable);

  @Query(
      "UPDATE accounts SET last_used_at = :at"
          + " WHERE id = :id AND (last_used_at IS NULL OR last_used_at < :at)")
  int touchLastUsed(long id, Instant at);
}
