package io.subgate.adapter.jdbc;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Generated SQL access to {@code api_keys}. */
@JdbcRepository(dialect = Dialect.POSTGRES)
public interface ApiKeyRowRepository extends CrudRepository<ApiKeyRow, Long> {

  Optional<ApiKeyRow> findByKeyHash(String keyHash);

  @Query("SELECT * FROM api_keys WHERE id = :id AND deleted_at IS NULL")
  Optional<ApiKeyRow> findLive(long id);

  @Query(
      "UPDATE api_keys SET deleted_at = :at, active = FALSE,"
          + " name = LEFT(name, 150) || ' (deleted ' || CAST(id AS VARCHAR(20)) || ')'"
          + " WHERE id = :id AND deleted_at IS NULL")
  int markDeleted(long id, Instant at);

  @Query("SELECT key_hash FROM api_keys WHERE deleted_at IS NULL")
  List<String> findKeyHash();

  @Query("UPDATE api_keys SET active = :active WHERE id = :id")
  int updateActive(long id, boolean active);

  @Query(
      "UPDATE api_keys SET name = :name, expires_at = :expiresAt,"
          + " requests_per_minute = :requestsPerMinute, tokens_per_day = :tokensPerDay"
          + " WHERE id = :id")
  int updateSettings(
      long id, String name, @Nullable Instant expiresAt, int requestsPerMinute, long tokensPerDay);

  @Query(
      "SELECT * FROM api_keys WHERE id > :afterId AND deleted_at IS NULL ORDER BY id LIMIT :limit")
  List<ApiKeyRow> listAfter(long afterId, int limit);

  @Query(
      "SELECT * FROM api_keys WHERE user_id = :userId AND id > :afterId AND deleted_at IS NULL"
          + " ORDER BY id LIMIT :limit")
  List<ApiKeyRow> listOfUser(long userId, long afterId, int limit);
}
