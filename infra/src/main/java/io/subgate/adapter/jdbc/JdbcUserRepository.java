package io.subgate.adapter.jdbc;

import io.micronaut.data.exceptions.DataAccessException;
import io.subgate.account.DuplicateNameException;
import io.subgate.tenancy.User;
import io.subgate.tenancy.UserRepository;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

/** {@link UserRepository} on micronaut-data-jdbc. */
@Singleton
public class JdbcUserRepository implements UserRepository {
  private final UserRowRepository rows;
  private final Clock clock;

  public JdbcUserRepository(UserRowRepository rows, Clock clock) {
    this.rows = rows;
    this.clock = clock;
  }

  @Override
  public User create(String name, int concurrency) {
    try {
      return toUser(
          rows.save(
              new UserRow(
                  null, name, concurrency, true, clock.instant().truncatedTo(ChronoUnit.MICROS))));
    } catch (DataAccessException e) {
      if (SqlErrors.isUniqueViolation(e)) {
        throw new DuplicateNameException("user", name);
      }
      throw e;
    }
  }

  @Override
  public Optional<User> findById(long id) {
    return rows.findLive(id).map(JdbcUserRepository::toUser);
  }

  @Override
  public boolean update(long id, String name, int concurrency) {
    try {
      return rows.updateSettings(id, name, concurrency) == 1;
    } catch (DataAccessException e) {
      if (SqlErrors.isUniqueViolation(e)) {
        throw new DuplicateNameException("user", name);
      }
      throw e;
    }
  }

  @Override
  public boolean delete(long id) {
    return rows.markDeleted(id, clock.instant().truncatedTo(ChronoUnit.MICROS)) == 1;
  }

  @Override
  public boolean setActive(long id, boolean active) {
    return rows.updateActive(id, active) == 1;
  }

  @Override
  public List<User> list(long afterId, int limit) {
    return rows.listAfter(afterId, limit).stream().map(JdbcUserRepository::toUser).toList();
  }

  private static User toUser(UserRow r) {
    return new User(RowIds.require(r.id()), r.name(), r.concurrency(), r.active(), r.createdAt());
  }
}
