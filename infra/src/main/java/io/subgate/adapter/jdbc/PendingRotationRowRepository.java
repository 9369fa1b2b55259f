package io.subgate.adapter.jdbc;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;
import java.time.Instant;

/** Generated SQL access to {@code pending_rotations}. */
@JdbcRepository(dialect = Dialect.POSTGRES)
public interface PendingRotationRowRepository extends CrudRepository<PendingRotationRow, Long> {

  @Query(
      "MERGE INTO pending_rotations AS t"
          + " USING (VALUES (CAST(:accountId AS BIGINT))) AS s(account_id)"
          + " ON t.account_id = s.account_id"
          + " WHEN MATCHED THEN UPDATE SET base_version = :baseVersion,"
          + " credentials_ciphertext = :ciphertext, created_at = :createdAt"
          + " WHEN NOT MATCHED THEN INSERT (account_id, base_version, credentials_ciphertext,"
          + " created_at) VALUES (:accountId, :baseVersion, :ciphertext, :createdAt)")
  void upsert(long accountId, long baseVersion, String ciphertext, Instant createdAt);

  @Query(
      "DELETE FROM pending_rotations WHERE account_id = :accountId AND base_version = :baseVersion")
  int deleteIfBase(long accountId, long baseVersion);
}
