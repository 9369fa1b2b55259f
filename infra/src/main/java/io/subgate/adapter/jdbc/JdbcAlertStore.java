package io.subgate.adapter.jdbc;

import io.micronaut.data.exceptions.DataAccessException;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.transaction.annotation.Transactional;
import io.subgate.account.DuplicateNameException;
import io.subgate.alert.AlertStore;
import io.subgate.alert.Webhook;
import io.subgate.crypto.CredentialCipher;
import jakarta.inject.Singleton;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * {@link AlertStore} in {@code alert_webhooks}, {@code alert_conditions}, {@code alert_deliveries}.
 */
@Singleton
public class JdbcAlertStore implements AlertStore {
  private final JdbcOperations jdbc;
  private final CredentialCipher cipher;
  private final Clock clock;

  public JdbcAlertStore(JdbcOperations jdbc, CredentialCipher cipher, Clock clock) {
    this.jdbc = jdbc;
    this.cipher = cipher;
    this.clock = clock;
  }

  private static String purpose(long id) {
    return "alert-webhook:" + id;
  }

  private static Timestamp at(Instant instant) {
    return Timestamp.from(instant.truncatedTo(ChronoUnit.MICROS));
  }

  @Override
  @Transactional
  public Webhook createWebhook(String name, String url, Webhook.Format format, String secret) {
    try {
      update(
          "INSERT INTO alert_webhooks (name, url, format, created_at) VALUES (?, ?, ?, ?)",
          name,
          url,
          format.wireName(),
          at(clock.instant()));
    } catch (DataAccessException e) {
      throw SqlErrors.isUniqueViolation(e) ? new DuplicateNameException("webhook", name) : e;
    }
    long id =
        jdbc.prepareStatement(
            "SELECT id FROM alert_webhooks WHERE name = ?",
            s -> {
              s.setString(1, name);
              try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
              }
            });
    update(
        "UPDATE alert_webhooks SET secret_ciphertext = ? WHERE id = ?",
        cipher.encrypt(secret, purpose(id)),
        id);
    return webhooks().stream().filter(w -> w.id() == id).findFirst().orElseThrow();
  }

  @Override
  @Transactional(readOnly = true)
  public List<Webhook> webhooks() {
    return query(
        "SELECT id, name, url, format, secret_ciphertext, created_at FROM alert_webhooks"
            + " WHERE secret_ciphertext IS NOT NULL ORDER BY id",
        rs ->
            new Webhook(
                rs.getLong("id"),
                rs.getString("name"),
                rs.getString("url"),
                Webhook.Format.fromWire(rs.getString("format")),
                cipher.decrypt(rs.getString("secret_ciphertext"), purpose(rs.getLong("id"))),
                rs.getTimestamp("created_at").toInstant()));
  }

  @Override
  @Transactional
  public boolean deleteWebhook(long id) {
    update("DELETE FROM alert_deliveries WHERE webhook_id = ?", id);
    return update("DELETE FROM alert_webhooks WHERE id = ?", id) > 0;
  }

  @Override
  @Transactional
  public boolean open(String condition, String kind, String summary, Instant since) {
    // ON CONFLICT, not a caught unique violation: that would abort a PostgreSQL transaction.
    return update(
            "INSERT INTO alert_conditions (condition_key, kind, summary, since)"
                + " VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
            condition,
            kind,
            summary.length() > 1000 ? summary.substring(0, 1000) : summary,
            at(since))
        == 1;
  }

  @Override
  @Transactional
  public boolean close(String condition) {
    return update("DELETE FROM alert_conditions WHERE condition_key = ?", condition) == 1;
  }

  @Override
  @Transactional(readOnly = true)
  public List<OpenCondition> openConditions() {
    return query(
        "SELECT condition_key, kind, summary, since FROM alert_conditions ORDER BY since, condition_key",
        rs ->
            new OpenCondition(
                rs.getString("condition_key"),
                rs.getString("kind"),
                rs.getString("summary"),
                rs.getTimestamp("since").toInstant()));
  }

  @Override
  @Transactional
  public void enqueue(long webhookId, String kind, String body, Instant now) {
    update(
        "INSERT INTO alert_deliveries (webhook_id, kind, body, next_attempt_at, created_at)"
            + " VALUES (?, ?, ?, ?, ?)",
        webhookId,
        kind,
        body,
        at(now),
        at(now));
  }

  @Override
  @Transactional(readOnly = true)
  public List<Delivery> due(Instant now, int maxAttempts, int limit) {
    return query(
        "SELECT id, webhook_id, kind, body, attempts, next_attempt_at FROM alert_deliveries"
            + " WHERE delivered_at IS NULL AND next_attempt_at <= ? AND attempts < ?"
            + " ORDER BY next_attempt_at, id LIMIT ?",
        rs ->
            new Delivery(
                rs.getLong("id"),
                rs.getLong("webhook_id"),
                rs.getString("kind"),
                rs.getString("body"),
                rs.getInt("attempts"),
                rs.getTimestamp("next_attempt_at").toInstant()),
        at(now),
        maxAttempts,
        limit);
  }

  @Override
  @Transactional
  public boolean claim(Delivery d, Instant leaseUntil) {
    return update(
            "UPDATE alert_deliveries SET attempts = attempts + 1, next_attempt_at = ?"
                + " WHERE id = ? AND attempts = ? AND delivered_at IS NULL",
            at(leaseUntil),
            d.id(),
            d.attempts())
        == 1;
  }

  @Override
  @Transactional
  public void delivered(long id, Instant when) {
    update(
        "UPDATE alert_deliveries SET delivered_at = ?, last_error = NULL WHERE id = ?",
        at(when),
        id);
  }

  @Override
  @Transactional
  public void retryAt(long id, Instant next, String error) {
    update(
        "UPDATE alert_deliveries SET next_attempt_at = ?, last_error = ? WHERE id = ?",
        at(next),
        error.length() > 500 ? error.substring(0, 500) : error,
        id);
  }

  @Override
  @Transactional(readOnly = true)
  public List<DeliveryStatus> recent(int limit) {
    return query(
        "SELECT id, webhook_id, kind, attempts, created_at, delivered_at, last_error"
            + " FROM alert_deliveries ORDER BY id DESC LIMIT ?",
        rs -> {
          Timestamp delivered = rs.getTimestamp("delivered_at");
          return new DeliveryStatus(
              rs.getLong("id"),
              rs.getLong("webhook_id"),
              rs.getString("kind"),
              rs.getInt("attempts"),
              rs.getTimestamp("created_at").toInstant(),
              delivered == null ? null : delivered.toInstant(),
              rs.getString("last_error"));
        },
        limit);
  }

  private interface Row<T> {
    T read(ResultSet rs) throws SQLException;
  }

  private <T> List<T> query(String sql, Row<T> row, Object... args) {
    return jdbc.prepareStatement(
        sql,
        s -> {
          bind(s, args);
          List<T> out = new ArrayList<>();
          try (ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
              out.add(row.read(rs));
            }
          }
          return out;
        });
  }

  private int update(String sql, @Nullable Object... args) {
    return jdbc.prepareStatement(
        sql,
        s -> {
          bind(s, args);
          return s.executeUpdate();
        });
  }

  private static void bind(java.sql.PreparedStatement s, @Nullable Object... args)
      throws SQLException {
    for (int i = 0; i < args.length; i++) {
      s.setObject(i + 1, args[i]);
    }
  }
}
