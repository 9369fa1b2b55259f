package io.subgate.adapter.jdbc;

import io.micronaut.data.exceptions.DataAccessException;
import io.subgate.account.DuplicateNameException;
import io.subgate.tenancy.ApiKey;
import io.subgate.tenancy.ApiKeyRepository;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** {@link ApiKeyRepository} on micronaut-data-jdbc. */
@Singleton
public class JdbcApiKeyRepository implements ApiKeyRepository {
  private final ApiKeyRowRepository rows;
  private final Clock clock;

  public JdbcApiKeyRepository(ApiKeyRowRepository rows, Clock clock) {
    this.rows = rows;
    this.clock = clock;
  }

  @Override
  public ApiKey create(long userId, long groupId, String name, String keyHash, String prefix) {
    try {
      return toKey(
          rows.save(
              new ApiKeyRow(
                  null,
                  userId,
                  groupId,
                  name,
                  keyHash,
                  prefix,
                  true,
                  clock.instant().truncatedTo(ChronoUnit.MICROS),
                  null,
                  0,
                  0L,
                  null)));
    } catch (DataAccessException e) {
      if (SqlErrors.isUniqueViolation(e)) {
        throw new DuplicateNameException("api key", name);
      }
      throw e;
    }
  }

  @Override
  public Optional<ApiKey> findByHash(String keyHash) {
    return rows.findByKeyHash(keyHash).map(JdbcApiKeyRepository::toKey);
  }

  @Override
  public List<String> allHashes() {
    return rows.findKeyHash();
  }

  @Override
  public Optional<ApiKey> findById(long id) {
    return rows.findLive(id).map(JdbcApiKeyRepository::toKey);
  }

  @Override
  public boolean delete(long id) {
    return rows.markDeleted(id, clock.instant().truncatedTo(ChronoUnit.MICROS)) == 1;
  }

  @Override
  public void setActive(long id, boolean active) {
    rows.updateActive(id, active);
  }

  @Override
  public boolean update(
      long id, String name, @Nullable Instant expiresAt, int requestsPerMinute, long tokensPerDay) {
    try {
      return rows.updateSettings(id, name, expiresAt, requestsPerMinute, tokensPerDay) == 1;
    } catch (DataAccessException e) {
      if (SqlErrors.isUniqueViolation(e)) {
        throw new DuplicateNameException("api key", name);
      }
      throw e;
    }
  }

  @Override
  public List<ApiKey> list(@Nullable Long userId, long afterId, int limit) {
    List<ApiKeyRow> page =
        userId == null ? rows.listAfter(afterId, limit) : rows.listOfUser(userId, afterId, limit);
    return page.stream().map(JdbcApiKeyRepository::toKey).toList();
  }

  private static ApiKey toKey(ApiKeyRow r) {
    return new ApiKey(
        RowIds.require(r.id()),
        r.userId(),
        r.groupId(),
        r.name(),
        r.keyHash(),
        r.prefix(),
        r.active(),
        r.createdAt(),
        r.expiresAt(),
        r.requestsPerMinute(),
        r.tokensPerDay(),
        r.lastUsedAt());
  }
}
