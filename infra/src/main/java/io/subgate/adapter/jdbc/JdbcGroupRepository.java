package io.subgate.adapter.jdbc;

import io.micronaut.core.type.Argument;
import io.micronaut.data.exceptions.DataAccessException;
import io.micronaut.json.JsonMapper;
import io.micronaut.transaction.annotation.Transactional;
import io.subgate.account.DuplicateNameException;
import io.subgate.account.ModelMapping;
import io.subgate.account.Platform;
import io.subgate.account.UnknownEntityException;
import io.subgate.tenancy.Group;
import io.subgate.tenancy.GroupRepository;
import io.subgate.tenancy.GroupSettings;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/** {@link GroupRepository} on micronaut-data-jdbc. */
@Singleton
public class JdbcGroupRepository implements GroupRepository {
  private static final Argument<Map<String, String>> STRING_MAP =
      Argument.mapOf(String.class, String.class);

  private final GroupRowRepository rows;
  private final JsonMapper json;
  private final Clock clock;

  public JdbcGroupRepository(GroupRowRepository rows, JsonMapper json, Clock clock) {
    this.rows = rows;
    this.json = json;
    this.clock = clock;
  }

  @Override
  public Group create(String name, Set<Platform> platforms, GroupSettings settings) {
    requireFallback(settings, null);
    return named(
        name,
        () ->
            toGroup(
                rows.save(
                    new GroupRow(
                        null,
                        name,
                        platformsOf(platforms),
                        clock.instant().truncatedTo(ChronoUnit.MICROS),
                        mappingOf(settings),
                        defaultsOf(settings),
                        settings.fallbackGroupId(),
                        0,
                        settings.rateMultiplier()))));
  }

  @Override
  public boolean update(
      long id, long expectedVersion, String name, Set<Platform> platforms, GroupSettings settings) {
    requireFallback(settings, id);
    return named(
        name,
        () ->
            rows.updateSettings(
                    id,
                    expectedVersion,
                    name,
                    platformsOf(platforms),
                    mappingOf(settings),
                    defaultsOf(settings),
                    settings.fallbackGroupId(),
                    settings.rateMultiplier())
                == 1);
  }

  private void requireFallback(GroupSettings settings, @Nullable Long self) {
    Long fallback = settings.fallbackGroupId();
    if (fallback != null && (fallback.equals(self) || rows.countLive(fallback) == 0)) {
      throw new UnknownEntityException("fallback group", fallback);
    }
  }

  private static <T> T named(String name, Supplier<T> write) {
    try {
      return write.get();
    } catch (DataAccessException e) {
      if (SqlErrors.isUniqueViolation(e)) {
        throw new DuplicateNameException("group", name);
      }
      throw e;
    }
  }

  @Override
  public Optional<Group> findById(long id) {
    return rows.findLive(id).map(this::toGroup);
  }

  @Override
  @Transactional
  public void addAccounts(long groupId, List<Long> accountIds) {
    if (rows.countLive(groupId) == 0) {
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
  public long liveKeys(long groupId) {
    return rows.liveKeys(groupId);
  }

  @Override
  public List<Long> fallingBackTo(long groupId) {
    return rows.fallingBackTo(groupId);
  }

  @Override
  @Transactional
  public boolean delete(long id) {
    if (rows.markDeleted(id, clock.instant().truncatedTo(ChronoUnit.MICROS)) != 1) {
      return false;
    }
    rows.deleteMembers(id);
    return true;
  }

  @Override
  public boolean removeAccount(long groupId, long accountId) {
    return rows.deleteMember(groupId, accountId) == 1;
  }

  @Override
  public List<Group> list(long afterId, int limit) {
    return rows.listAfter(afterId, limit).stream().map(this::toGroup).toList();
  }

  @Override
  public List<Long> accountIds(long groupId) {
    return rows.memberIds(groupId);
  }

  private static String platformsOf(Set<Platform> platforms) {
    return EnumSet.copyOf(platforms).stream()
        .map(Platform::wireName)
        .collect(Collectors.joining(","));
  }

  private @Nullable String mappingOf(GroupSettings settings) {
    return settings.modelMapping().isEmpty() ? null : write(settings.modelMapping().entries());
  }

  private @Nullable String defaultsOf(GroupSettings settings) {
    if (settings.defaultModels().isEmpty()) {
      return null;
    }
    Map<String, String> byName = new LinkedHashMap<>();
    new EnumMap<>(settings.defaultModels()).forEach((p, m) -> byName.put(p.wireName(), m));
    return write(byName);
  }

  private Group toGroup(GroupRow r) {
    Set<Platform> platforms = EnumSet.noneOf(Platform.class);
    for (String name : r.platform().split(",")) {
      platforms.add(Platform.fromWire(name.trim()));
    }
    Map<Platform, String> defaults = new EnumMap<>(Platform.class);
    read(r.defaultModels()).forEach((p, m) -> defaults.put(Platform.fromWire(p), m));
    return new Group(
        RowIds.require(r.id()),
        r.name(),
        platforms,
        new GroupSettings(
            new ModelMapping(read(r.modelMapping())),
            defaults,
            r.fallbackGroupId(),
            r.rateMultiplier() == null ? java.math.BigDecimal.ONE : r.rateMultiplier()),
        r.settingsVersion(),
        r.createdAt());
  }

  private String write(Map<String, String> map) {
    try {
      return json.writeValueAsString(map);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private Map<String, String> read(@Nullable String stored) {
    if (stored == null || stored.isEmpty()) {
      return Map.of();
    }
    try {
      Map<String, String> map = json.readValue(stored, STRING_MAP);
      return map == null ? Map.of() : map;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
