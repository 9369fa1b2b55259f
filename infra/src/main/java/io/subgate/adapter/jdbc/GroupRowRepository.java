package io.subgate.adapter.jdbc;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Generated SQL access to {@code account_groups} and {@code group_members}. */
@JdbcRepository(dialect = Dialect.POSTGRES)
public interface GroupRowRepository extends CrudRepository<GroupRow, Long> {

  @Query(
      "INSERT INTO group_members (group_id, account_id) SELECT :groupId, :accountId"
          + " WHERE NOT EXISTS (SELECT 1 FROM group_members"
          + " WHERE group_id = :groupId AND account_id = :accountId)")
  void insertMember(long groupId, long accountId);

  @Query(
      "UPDATE account_groups SET name = :name, platform = :platform,"
          + " model_mapping = :modelMapping, default_models = :defaultModels,"
          + " fallback_group_id = :fallbackGroupId, rate_multiplier = :rateMultiplier,"
          + " settings_version = settings_version + 1"
          + " WHERE id = :id AND settings_version = :expected AND deleted_at IS NULL")
  int updateSettings(
      long id,
      long expected,
      String name,
      String platform,
      @Nullable String modelMapping,
      @Nullable String defaultModels,
      @Nullable Long fallbackGroupId,
      java.math.BigDecimal rateMultiplier);

  @Query("DELETE FROM group_members WHERE group_id = :groupId AND account_id = :accountId")
  int deleteMember(long groupId, long accountId);

  @Query("SELECT * FROM account_groups WHERE id = :id AND deleted_at IS NULL")
  Optional<GroupRow> findLive(long id);

  @Query("SELECT COUNT(*) FROM account_groups WHERE id = :id AND deleted_at IS NULL")
  long countLive(long id);

  @Query("SELECT COUNT(*) FROM api_keys WHERE group_id = :id AND deleted_at IS NULL")
  long liveKeys(long id);

  @Query(
      "SELECT id FROM account_groups WHERE fallback_group_id = :id AND deleted_at IS NULL"
          + " ORDER BY id")
  List<Long> fallingBackTo(long id);

  @Query(
      "UPDATE account_groups SET deleted_at = :at, fallback_group_id = NULL,"
          + " name = LEFT(name, 150) || ' (deleted ' || CAST(id AS VARCHAR(20)) || ')'"
          + " WHERE id = :id AND deleted_at IS NULL"
          + " AND NOT EXISTS (SELECT 1 FROM api_keys k WHERE k.group_id = :id AND k.deleted_at IS NULL)"
          + " AND NOT EXISTS (SELECT 1 FROM account_groups g"
          + " WHERE g.fallback_group_id = :id AND g.deleted_at IS NULL)")
  int markDeleted(long id, Instant at);

  @Query("DELETE FROM group_members WHERE group_id = :id")
  int deleteMembers(long id);

  @Query(
      "SELECT * FROM account_groups WHERE id > :afterId AND deleted_at IS NULL"
          + " ORDER BY id LIMIT :limit")
  List<GroupRow> listAfter(long afterId, int limit);

  @Query("SELECT COUNT(*) FROM accounts WHERE id = :accountId AND status <> 'deleted'")
  long countAccounts(long accountId);

  @Query("SELECT account_id FROM group_members WHERE group_id = :groupId ORDER BY account_id")
  List<Long> memberIds(long groupId);
}
