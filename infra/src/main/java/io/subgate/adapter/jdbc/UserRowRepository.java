package io.subgate.adapter.jdbc;

import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;

/** Generated SQL access to {@code users}. */
@JdbcRepository(dialect = Dialect.POSTGRES)
public interface UserRowRepository extends CrudRepository<UserRow, Long> {}
