package io.subgate.adapter.jdbc;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;
import java.time.Instant;

/** Generated SQL access to {@code sweep_cursors}. */
@JdbcRepository(dialect = Dialect.POSTGRES)
public interface SweepCursorRowRepository extends CrudRepository<SweepCursorRow, String> {

  @Query(
      "MERGE INTO sweep_cursors AS t USING (VALUES (CAST(:name AS VARCHAR(50)))) AS s(name)"
          + " ON t.name = s.name"
          + " WHEN MATCHED THEN UPDATE SET last_id = :lastId, updated_at = :at"
          + " WHEN NOT MATCHED THEN INSERT (name, last_id, updated_at) VALUES (:name, :lastId, :at)")
  void upsert(String name, long lastId, Instant at);
}
