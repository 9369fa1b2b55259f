package io.subgate.adapter.jdbc;

import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.transaction.annotation.Transactional;
import io.subgate.account.Platform;
import io.subgate.rules.ErrorRule;
import io.subgate.rules.ErrorRuleRepository;
import jakarta.inject.Singleton;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/** {@link ErrorRuleRepository} in {@code error_rules}. */
@Singleton
public class JdbcErrorRuleRepository implements ErrorRuleRepository {
  private final JdbcOperations jdbc;
  private final Clock clock;

  public JdbcErrorRuleRepository(JdbcOperations jdbc, Clock clock) {
    this.jdbc = jdbc;
    this.clock = clock;
  }

  @Override
  @Transactional
  public ErrorRule create(ErrorRule rule) {
    Timestamp now = Timestamp.from(clock.instant().truncatedTo(ChronoUnit.MICROS));
    long id;
    try (PreparedStatement s =
        jdbc.getConnection()
            .prepareStatement(
                "INSERT INTO error_rules (account_id, platform, status, keyword, action,"
                    + " cooldown_seconds, description, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                Statement.RETURN_GENERATED_KEYS)) {
      if (rule.accountId() == null) {
        s.setNull(1, Types.BIGINT);
      } else {
        s.setLong(1, rule.accountId());
      }
      s.setString(2, rule.platform() == null ? null : rule.platform().wireName());
      s.setInt(3, rule.status());
      s.setString(4, rule.keyword());
      s.setString(5, rule.action().wireName());
      s.setLong(6, rule.cooldown().toSeconds());
      s.setString(7, rule.description());
      s.setTimestamp(8, now);
      s.executeUpdate();
      try (ResultSet keys = s.getGeneratedKeys()) {
        keys.next();
        id = keys.getLong(1);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("error rule not stored", e);
    }
    return all().stream().filter(r -> r.id() == id).findFirst().orElseThrow();
  }

  @Override
  @Transactional(readOnly = true)
  public List<ErrorRule> all() {
    return jdbc.prepareStatement(
        "SELECT id, account_id, platform, status, keyword, action, cooldown_seconds, description,"
            + " created_at FROM error_rules ORDER BY id",
        s -> {
          List<ErrorRule> out = new ArrayList<>();
          try (ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
              long account = rs.getLong("account_id");
              Long accountId = rs.wasNull() ? null : account;
              String platform = rs.getString("platform");
              out.add(
                  new ErrorRule(
                      rs.getLong("id"),
                      accountId,
                      platform == null ? null : Platform.fromWire(platform),
                      rs.getInt("status"),
                      rs.getString("keyword"),
                      ErrorRule.Action.fromWire(rs.getString("action")),
                      Duration.ofSeconds(rs.getLong("cooldown_seconds")),
                      rs.getString("description"),
                      rs.getTimestamp("created_at").toInstant()));
            }
          }
          return out;
        });
  }

  @Override
  @Transactional
  public boolean delete(long id) {
    return jdbc.prepareStatement(
            "DELETE FROM error_rules WHERE id = ?",
            s -> {
              s.setLong(1, id);
              return s.executeUpdate();
            })
        > 0;
  }
}
