package io.subgate.adapter.jdbc;

import io.micronaut.data.exceptions.DataAccessException;
import io.micronaut.transaction.annotation.Transactional;
import io.subgate.account.DuplicateNameException;
import io.subgate.account.Platform;
import io.subgate.account.UnknownEntityException;
import io.subgate.tenancy.Group;
import io.subgate.tenancy.GroupRepository;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

/** {@link GroupRepository} on micronaut-data-jdbc. */
@Singleton
public class JdbcGroupRepository implements GroupRepository {
  private final GroupRowRepository rows;
  private final Clock clock;

  public JdbcGroupRepository(GroupRowRepository rows, Clock clock) {
    this.rows = rows;
    this.clock = clock;
  }

  @Override
  public Group create(String name, Platform platform) {
    try {
      return toGroup(
          rows.save(
              new GroupRow(
                  null,
                  name,
                  platform.wireName(),
                  clock.instant().truncatedTo(ChronoUnit.MICROS))));
    } catch (DataAccessException e) {
      if (SqlErrors.isUniqueViolation(e)) {
        throw new DuplicateNameException("group", name);
      }
      throw e;
    }
  }

  @Override
  public Optional<Group> findById(long id) {
    return rows.findById(id).map(JdbcGroupRepository::toGroup);
  }

  @Override
  @Transactional
  public void addAccounts(long groupId, List<Long> accountIds) {
    if (!rows.existsById(groupId)) {
      throw new UnknownEntityException("group", groupId);
    }
    for (long accountId : accountIds) {
      if (rows.countAccounts(accountId) == 0) {
        throw new UnknownEntityException("account", accountId);
      }
      rows.insertMember(groupId, accountId);
    }
  }

  @Override
  public boolean removeAccount(long groupId, long accountId) {
    return rows.deleteMember(groupId, accountId) == 1;
  }

  @Override
  public List<Group> list(long afterId, int limit) {
    return rows.listAfter(afterId, limit).stream().map(JdbcGroupRepository::toGroup).toList();
  }

  @Override
  public List<Long> accountIds(long groupId) {
    return rows.memberIds(groupId);
  }

  private static Group toGroup(GroupRow r) {
    return new Group(
        RowIds.require(r.id()), r.name(), Platform.fromWire(r.platform()), r.createdAt());
  }
}
