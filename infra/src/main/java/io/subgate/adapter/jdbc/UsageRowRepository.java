package io.subgate.adapter.jdbc;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;
import java.util.List;

/** Generated SQL access to {@code usage_records}. */
@JdbcRepository(dialect = Dialect.POSTGRES)
public interface UsageRowRepository extends CrudRepository<UsageRow, Long> {

  @Query(
      "SELECT * FROM usage_records WHERE api_key_id = :apiKeyId"
          + " ORDER BY created_at DESC, id DESC LIMIT :limit")
  List<UsageRow> recentForKey(long apiKeyId, int limit);
}
