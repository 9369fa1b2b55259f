package io.subgate.adapter.jdbc;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;
import java.time.Instant;

/** Generated SQL access to {@code sweep_cursors}. */
@JdbcRepository(dialect = Dialect.POSTGRES)
public interface SweepCursorRowRepository extends CrudRepository<SweepCursorRow, String> {

  @Query("UPDATE sweep_cursors SET last_id = :lastId, updated_at = :at WHERE name = :name")
  int update(String name, long lastId, Instant at);
}
