package io.subgate.adapter.jdbc;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;
import java.util.Optional;

/** Generated SQL access to {@code api_keys}. */
@JdbcRepository(dialect = Dialect.POSTGRES)
public interface ApiKeyRowRepository extends CrudRepository<ApiKeyRow, Long> {

  Optional<ApiKeyRow> findByKeyHash(String keyHash);

  @Query("UPDATE api_keys SET active = :active WHERE id = :id")
  int updateActive(long id, boolean active);
}
