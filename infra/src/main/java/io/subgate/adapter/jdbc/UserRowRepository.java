package io.subgate.adapter.jdbc;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Generated SQL access to {@code users}. */
@JdbcRepository(dialect = Dialect.POSTGRES)
public interface UserRowRepository extends CrudRepository<UserRow, Long> {

  @Query("UPDATE users SET active = :active WHERE id = :id AND deleted_at IS NULL")
  int updateActive(long id, boolean active);

  @Query("SELECT * FROM users WHERE id > :afterId AND deleted_at IS NULL ORDER BY id LIMIT :limit")
  List<UserRow> listAfter(long afterId, int limit);

  @Query("SELECT * FROM users WHERE id = :id AND deleted_at IS NULL")
  Optional<UserRow> findLive(long id);

  @Query(
      "UPDATE users SET name = :name, concurrency = :concurrency"
          + " WHERE id = :id AND deleted_at IS NULL")
  int updateSettings(long id, String name, int concurrency);

  @Query(
      "UPDATE users SET deleted_at = :at, active = FALSE,"
          + " name = LEFT(name, 150) || ' (deleted ' || CAST(id AS VARCHAR(20)) || ')'"
          + " WHERE id = :id AND deleted_at IS NULL")
  int markDeleted(long id, Instant at);
}
