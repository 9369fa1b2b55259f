package io.subgate.adapter.jdbc;

import io.micronaut.data.exceptions.DataAccessException;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.transaction.annotation.Transactional;
import io.subgate.account.DuplicateNameException;
import io.subgate.crypto.CredentialCipher;
import io.subgate.egress.EgressProxy;
import io.subgate.egress.ProxyKind;
import io.subgate.egress.ProxyRepository;
import io.subgate.egress.ProxySpec;
import jakarta.inject.Singleton;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** {@link ProxyRepository} in {@code egress_proxies}; passwords sealed for their proxy's id. */
@Singleton
public class JdbcProxyRepository implements ProxyRepository {
  private static final String COLUMNS =
      "id, name, kind, host, port, username, password_ciphertext, version, created_at";

  private final JdbcOperations jdbc;
  private final CredentialCipher cipher;
  private final Clock clock;

  public JdbcProxyRepository(JdbcOperations jdbc, CredentialCipher cipher, Clock clock) {
    this.jdbc = jdbc;
    this.cipher = cipher;
    this.clock = clock;
  }

  private static String purpose(long id) {
    return "egress-proxy:" + id;
  }

  @Override
  @Transactional
  public EgressProxy create(ProxySpec spec) {
    Timestamp now = Timestamp.from(clock.instant().truncatedTo(ChronoUnit.MICROS));
    try {
      jdbc.prepareStatement(
          "INSERT INTO egress_proxies (name, kind, host, port, username, created_at)"
              + " VALUES (?, ?, ?, ?, ?, ?)",
          statement -> {
            bind(statement, spec);
            statement.setTimestamp(6, now);
            return statement.executeUpdate();
          });
    } catch (DataAccessException e) {
      throw duplicate(e, spec);
    }
    long id =
        jdbc.prepareStatement(
            "SELECT id FROM egress_proxies WHERE name = ?",
            statement -> {
              statement.setString(1, spec.name());
              try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                return rs.getLong(1);
              }
            });
    seal(id, spec.password());
    return findById(id).orElseThrow();
  }

  @Override
  @Transactional(readOnly = true)
  public Optional<EgressProxy> findById(long id) {
    List<EgressProxy> found = select(" WHERE id = ?", id);
    return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
  }

  @Override
  @Transactional(readOnly = true)
  public List<EgressProxy> all() {
    return select(" ORDER BY id", null);
  }

  @Override
  @Transactional
  public boolean update(long id, long expectedVersion, ProxySpec next) {
    int updated;
    try {
      updated =
          jdbc.prepareStatement(
              "UPDATE egress_proxies SET name = ?, kind = ?, host = ?, port = ?, username = ?,"
                  + " version = version + 1 WHERE id = ? AND version = ?",
              statement -> {
                bind(statement, next);
                statement.setLong(6, id);
                statement.setLong(7, expectedVersion);
                return statement.executeUpdate();
              });
    } catch (DataAccessException e) {
      throw duplicate(e, next);
    }
    if (updated == 1) {
      seal(id, next.password());
    }
    return updated == 1;
  }

  @Override
  @Transactional
  public boolean delete(long id) {
    return jdbc.prepareStatement(
            "DELETE FROM egress_proxies WHERE id = ?",
            statement -> {
              statement.setLong(1, id);
              return statement.executeUpdate();
            })
        > 0;
  }

  private void seal(long id, @Nullable String password) {
    String sealed = password == null ? null : cipher.encrypt(password, purpose(id));
    jdbc.prepareStatement(
        "UPDATE egress_proxies SET password_ciphertext = ? WHERE id = ?",
        statement -> {
          statement.setString(1, sealed);
          statement.setLong(2, id);
          return statement.executeUpdate();
        });
  }

  private List<EgressProxy> select(String where, @Nullable Long id) {
    return jdbc.prepareStatement(
        "SELECT " + COLUMNS + " FROM egress_proxies" + where,
        statement -> {
          if (id != null) {
            statement.setLong(1, id);
          }
          List<EgressProxy> out = new ArrayList<>();
          try (ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
              out.add(read(rs));
            }
          }
          return out;
        });
  }

  private EgressProxy read(ResultSet rs) throws SQLException {
    long id = rs.getLong("id");
    String sealed = rs.getString("password_ciphertext");
    return new EgressProxy(
        id,
        new ProxySpec(
            rs.getString("name"),
            ProxyKind.fromWire(rs.getString("kind")),
            rs.getString("host"),
            rs.getInt("port"),
            rs.getString("username"),
            sealed == null ? null : cipher.decrypt(sealed, purpose(id))),
        rs.getLong("version"),
        rs.getTimestamp("created_at").toInstant());
  }

  private static void bind(PreparedStatement statement, ProxySpec spec) throws SQLException {
    statement.setString(1, spec.name());
    statement.setString(2, spec.kind().wireName());
    statement.setString(3, spec.host());
    statement.setInt(4, spec.port());
    statement.setString(5, spec.username());
  }

  private static RuntimeException duplicate(DataAccessException e, ProxySpec spec) {
    return SqlErrors.isUniqueViolation(e) ? new DuplicateNameException("proxy", spec.name()) : e;
  }
}
