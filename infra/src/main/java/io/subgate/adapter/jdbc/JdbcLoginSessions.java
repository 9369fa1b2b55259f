package io.subgate.adapter.jdbc;

import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.transaction.annotation.Transactional;
import io.subgate.account.Platform;
import io.subgate.login.LoginSessions;
import jakarta.inject.Singleton;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * {@link LoginSessions} in {@code oauth_sessions}: taking a session is one conditional {@code
 * UPDATE} (unused and young enough), so two processes racing on one state cannot both win.
 */
@Singleton
public class JdbcLoginSessions implements LoginSessions {
  private final JdbcOperations jdbc;

  public JdbcLoginSessions(JdbcOperations jdbc) {
    this.jdbc = jdbc;
  }

  @Override
  @Transactional
  public void save(Session s) {
    jdbc.prepareStatement(
        "INSERT INTO oauth_sessions (state, platform, kind, verifier, redirect_uri, created_at)"
            + " VALUES (?, ?, ?, ?, ?, ?)",
        statement -> {
          statement.setString(1, s.state());
          statement.setString(2, s.platform().wireName());
          statement.setString(3, s.kind());
          statement.setString(4, s.verifier());
          statement.setString(5, s.redirectUri());
          statement.setTimestamp(6, Timestamp.from(s.createdAt()));
          return statement.executeUpdate();
        });
  }

  @Override
  @Transactional
  public Optional<Session> take(String state, Instant now, Duration ttl) {
    int taken =
        jdbc.prepareStatement(
            "UPDATE oauth_sessions SET used_at = ? WHERE state = ? AND used_at IS NULL"
                + " AND created_at > ?",
            statement -> {
              statement.setTimestamp(1, Timestamp.from(now));
              statement.setString(2, state);
              statement.setTimestamp(3, Timestamp.from(now.minus(ttl)));
              return statement.executeUpdate();
            });
    if (taken != 1) {
      return Optional.empty();
    }
    return jdbc.prepareStatement(
        "SELECT * FROM oauth_sessions WHERE state = ?",
        statement -> {
          statement.setString(1, state);
          try (ResultSet rs = statement.executeQuery()) {
            if (!rs.next()) {
              return Optional.empty();
            }
            return Optional.of(
                new Session(
                    rs.getString("state"),
                    Platform.fromWire(rs.getString("platform")),
                    rs.getString("kind"),
                    rs.getString("verifier"),
                    rs.getString("redirect_uri"),
                    rs.getTimestamp("created_at").toInstant()));
          }
        });
  }

  @Override
  @Transactional
  public int purgeBefore(Instant cutoff, int limit) {
    return jdbc.prepareStatement(
        "DELETE FROM oauth_sessions WHERE state IN (SELECT state FROM oauth_sessions"
            + " WHERE created_at < ? ORDER BY created_at LIMIT ?)",
        statement -> {
          statement.setTimestamp(1, Timestamp.from(cutoff));
          statement.setInt(2, limit);
          return statement.executeUpdate();
        });
  }
}
