package io.subgate.adapter.jdbc;

import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.transaction.annotation.Transactional;
import io.subgate.tenancy.Budgets;
import io.subgate.tenancy.LimitRepository;
import io.subgate.tenancy.Limits;
import io.subgate.tenancy.Owner;
import jakarta.inject.Singleton;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** {@link LimitRepository} in {@code owner_limits}, one row per owner that has limits. */
@Singleton
public class JdbcLimitRepository implements LimitRepository {
  private final JdbcOperations jdbc;
  private final Clock clock;

  public JdbcLimitRepository(JdbcOperations jdbc, Clock clock) {
    this.jdbc = jdbc;
    this.clock = clock;
  }

  @Override
  @Transactional(readOnly = true)
  public Map<Owner, Limits> find(Collection<Owner> owners) {
    Map<String, Owner> byName = new HashMap<>();
    owners.forEach(o -> byName.put(o.wireName(), o));
    Map<Owner, Limits> out = new HashMap<>();
    owners.forEach(o -> out.put(o, Limits.NONE));
    if (owners.isEmpty()) {
      return out;
    }
    List<String> names = List.copyOf(byName.keySet());
    String marks = String.join(", ", java.util.Collections.nCopies(names.size(), "?"));
    return jdbc.prepareStatement(
        "SELECT owner, requests_per_minute, budgets FROM owner_limits WHERE owner IN ("
            + marks
            + ")",
        statement -> {
          for (int i = 0; i < names.size(); i++) {
            statement.setString(i + 1, names.get(i));
          }
          try (ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
              out.put(
                  byName.get(rs.getString("owner")),
                  new Limits(
                      rs.getInt("requests_per_minute"), Budgets.parse(rs.getString("budgets"))));
            }
          }
          return out;
        });
  }

  @Override
  @Transactional
  public void put(Owner owner, Limits limits) {
    Timestamp now = Timestamp.from(clock.instant());
    jdbc.prepareStatement(
        "DELETE FROM owner_limits WHERE owner = ?",
        statement -> {
          statement.setString(1, owner.wireName());
          return statement.executeUpdate();
        });
    if (limits.isEmpty()) {
      return;
    }
    jdbc.prepareStatement(
        "INSERT INTO owner_limits (owner, requests_per_minute, budgets, updated_at)"
            + " VALUES (?, ?, ?, ?)",
        statement -> {
          statement.setString(1, owner.wireName());
          statement.setInt(2, limits.requestsPerMinute());
          statement.setString(3, limits.budgets().format());
          statement.setTimestamp(4, now);
          return statement.executeUpdate();
        });
  }
}
