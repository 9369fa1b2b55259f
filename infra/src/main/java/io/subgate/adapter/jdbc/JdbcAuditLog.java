package io.subgate.adapter.jdbc;

import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.transaction.annotation.Transactional;
import io.subgate.tenancy.AuditLog;
import jakarta.inject.Singleton;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** {@link AuditLog} in the {@code audit_log} table. */
@Singleton
public class JdbcAuditLog implements AuditLog {
  private final JdbcOperations jdbc;
  private final Clock clock;

  public JdbcAuditLog(JdbcOperations jdbc, Clock clock) {
    this.jdbc = jdbc;
    this.clock = clock;
  }

  @Override
  @Transactional
  public void record(
      String actor, String action, String target, @Nullable String before, @Nullable String after) {
    jdbc.prepareStatement(
        "INSERT INTO audit_log (actor, action, target, before_state, after_state, created_at)"
            + " VALUES (?, ?, ?, ?, ?, ?)",
        statement -> {
          statement.setString(1, actor);
          statement.setString(2, action);
          statement.setString(3, target);
          statement.setString(4, before);
          statement.setString(5, after);
          statement.setTimestamp(6, Timestamp.from(clock.instant().truncatedTo(ChronoUnit.MICROS)));
          return statement.executeUpdate();
        });
  }

  @Override
  @Transactional
  public int purgeBefore(java.time.Instant cutoff, int limit) {
    return JdbcPurge.before(jdbc, "audit_log", cutoff, limit);
  }

  @Override
  @Transactional(readOnly = true)
  public List<Entry> recent(long beforeId, int limit) {
    return jdbc.prepareStatement(
        "SELECT * FROM audit_log WHERE id < ? ORDER BY id DESC LIMIT ?",
        statement -> {
          statement.setLong(1, beforeId);
          statement.setInt(2, limit);
          List<Entry> out = new ArrayList<>();
          try (ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
              out.add(
                  new Entry(
                      rs.getLong("id"),
                      rs.getString("actor"),
                      rs.getString("action"),
                      rs.getString("target"),
                      rs.getString("before_state"),
                      rs.getString("after_state"),
                      rs.getTimestamp("created_at").toInstant()));
            }
          }
          return out;
        });
  }
}
