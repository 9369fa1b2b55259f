package io.subgate.adapter.jdbc;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;
import java.util.List;

/** Generated SQL access to {@code users}. */
@JdbcRepository(dialect = Dialect.POSTGRES)
public interface UserRowRepository extends CrudRepository<UserRow, Long> {

  @Query("UPDATE users SET active = :active WHERE id = :id")
  int updateActive(long id, boolean active);

  @Query("SELECT * FROM users WHERE id > :afterId ORDER BY id LIMIT :limit")
  List<UserRow> listAfter(long afterId, int limit);
}
