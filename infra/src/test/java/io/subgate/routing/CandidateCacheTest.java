package io.subgate.routing;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.subgate.account.Account;
import io.subgate.account.AccountType;
import io.subgate.account.NewAccount;
import io.subgate.account.Platform;
import io.subgate.account.StaticKeyCredentials;
import io.subgate.tenancy.Group;
import io.subgate.tenancy.GroupRepository;
import io.subgate.tenancy.GroupSettings;
import io.subgate.testing.InMemoryAccountRepository;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.threeten.extra.MutableClock;

class CandidateCacheTest {
  private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");
  private static final Duration TTL = Duration.ofSeconds(5);

  private final MutableClock clock = MutableClock.of(NOW, ZoneOffset.UTC);
  private final InMemoryAccountRepository accounts = new InMemoryAccountRepository(clock);
  private final CountingGroups groups = new CountingGroups();
  private final CandidateCache cache =
      new CandidateCache(
          groups,
          accounts,
          new SelectionSettings(
              Duration.ofHours(1),
              Duration.ofSeconds(120),
              3,
              Duration.ofSeconds(30),
              100,
              Duration.ofMinutes(15),
              TTL,
              90),
          clock);

  /** One group (id 1) whose member list the test controls; counts reads. */
  private static final class CountingGroups implements GroupRepository {
    final AtomicInteger reads = new AtomicInteger();
    final List<Long> members = new ArrayList<>();

    @Override
    public Group create(String name, Set<Platform> platforms, GroupSettings settings) {
      throw new UnsupportedOperationException();
    }

    @Override
    public boolean update(
        long id, long expected, String name, Set<Platform> platforms, GroupSettings settings) {
      throw new UnsupportedOperationException();
    }

    @Override
    public long liveKeys(long groupId) {
      return 0;
    }

    @Override
    public List<Long> fallingBackTo(long groupId) {
      return List.of();
    }

    @Override
    public boolean delete(long id) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Optional<Group> findById(long id) {
      reads.incrementAndGet();
      return id == 1 ? Optional.of(new Group(1, "g", Platform.ANTHROPIC, NOW)) : Optional.empty();
    }

    @Override
    public void addAccounts(long groupId, List<Long> accountIds) {
      members.addAll(accountIds);
    }

    @Override
    public synchronized boolean removeAccount(long groupId, long accountId) {
      return members.remove(Long.valueOf(accountId));
    }

    @Override
    public List<Group> list(long afterId, int limit) {
      return findById(1).stream().filter(g -> g.id() > afterId).toList();
    }

    @Override
    public synchronized List<Long> accountIds(long groupId) {
      return List.copyOf(members);
    }
  }

  private Account account(String name) {
    Account a =
        accounts.create(
            new NewAccount(
                name,
                Platform.ANTHROPIC,
                AccountType.APIKEY,
                1,
                1,
                new StaticKeyCredentials("k", null)));
    groups.addAccounts(1, List.of(a.id()));
    return a;
  }

  @Test
  void withinTheTtl_theGroupIsReadOnce() {
    account("a");
    for (int i = 0; i < 10; i++) {
      assertEquals(1, cache.of(1).orElseThrow().accounts().size());
    }
    assertEquals(1, groups.reads.get());
    assertTrue(cache.of(2).isEmpty(), "unknown group");
  }

  @Test
  void pastHalfTheTtl_theCopyIsServed_whileOneBackgroundReloadReplacesIt() {
    account("a");
    cache.of(1);
    account("b");
    clock.add(TTL.dividedBy(2).plusMillis(1));
    assertEquals(1, cache.of(1).orElseThrow().accounts().size(), "stale copy served at once");
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> cache.of(1).orElseThrow().accounts().size() == 2);
    assertEquals(2, groups.reads.get(), "exactly one reload");
  }

  @Test
  void pastTheTtl_theGroupIsReadBeforeUse() {
    account("a");
    cache.of(1);
    account("b");
    clock.add(TTL);
    assertEquals(2, cache.of(1).orElseThrow().accounts().size());
  }

  @Test
  void localStateChanges_applyAtOnce_andInvalidationRereads() {
    Account a = account("a");
    cache.of(1);
    cache.update(a.withSchedulable(false));
    assertTrue(!cache.of(1).orElseThrow().accounts().get(0).schedulable());
    account("b");
    cache.invalidateAll();
    assertEquals(2, cache.of(1).orElseThrow().accounts().size());
  }
}
