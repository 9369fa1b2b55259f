package io.subgate.adapter.jdbc;

import io.micronaut.data.jdbc.runtime.JdbcOperations;
import java.sql.Timestamp;
import java.time.Instant;

/**
 * Deletes a table's oldest rows before a time, a bounded batch at once (by id, on both databases).
 */
final class JdbcPurge {
  private JdbcPurge() {}

  /** {@code table} must be a constant of the caller's, never input. */
  static int before(JdbcOperations jdbc, String table, Instant cutoff, int limit) {
    return jdbc.prepareStatement(
        "DELETE FROM "
            + table
            + " WHERE id IN (SELECT id FROM "
            + table
            + " WHERE created_at < ? ORDER BY id LIMIT ?)",
        statement -> {
          statement.setTimestamp(1, Timestamp.from(cutoff));
          statement.setInt(2, limit);
          return statement.executeUpdate();
        });
  }
}
