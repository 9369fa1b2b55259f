package io.subgate.testing;

import io.subgate.account.Account;
import io.subgate.account.AccountRepository;
import io.subgate.account.AccountSettings;
import io.subgate.account.AccountStatus;
import io.subgate.account.Cooldowns;
import io.subgate.account.Credentials;
import io.subgate.account.DuplicateNameException;
import io.subgate.account.LastUpstreamFailure;
import io.subgate.account.NewAccount;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

/** Fake {@link AccountRepository} for unit tests; held to the same contract as the JDBC adapter. */
public final class InMemoryAccountRepository implements AccountRepository {
  private final Map<Long, Account> accounts = new TreeMap<>();
  private final Clock clock;
  private long nextId = 1;

  public InMemoryAccountRepository(Clock clock) {
    this.clock = clock;
  }

  @Override
  public synchronized Account create(NewAccount a) {
    if (accounts.values().stream().anyMatch(x -> x.name().equals(a.name()))) {
      throw new DuplicateNameException("account", a.name());
    }
    Account account =
        new Account(
            nextId++,
            a.name(),
            a.platform(),
            a.type(),
            AccountStatus.ACTIVE,
            null,
            true,
            a.priority(),
            a.concurrency(),
            Cooldowns.NONE,
            null,
            a.credentials(),
            1L,
            clock.instant().truncatedTo(ChronoUnit.MICROS),
            a.models(),
            null,
            null,
            0L);
    accounts.put(account.id(), account);
    return account;
  }

  @Override
  public synchronized Optional<Account> findById(long id) {
    return Optional.ofNullable(accounts.get(id));
  }

  @Override
  public synchronized List<Account> listAfter(long afterId, int limit) {
    return accounts.values().stream()
        .filter(a -> a.id() > afterId && !a.deleted())
        .limit(limit)
        .toList();
  }

  @Override
  public synchronized List<Account> listRefreshable(long afterId, int limit) {
    return accounts.values().stream()
        .filter(a -> a.id() > afterId)
        .filter(a -> a.status() == AccountStatus.ACTIVE && a.type().usesOAuth())
        .limit(limit)
        .toList();
  }

  @Override
  public synchronized boolean compareAndSetCredentials(
      long id, long expectedVersion, Credentials next) {
    Account a = accounts.get(id);
    if (a == null || a.credentialsVersion() != expectedVersion) {
      return false;
    }
    accounts.put(id, a.withCredentials(next, expectedVersion + 1));
    return true;
  }

  @Override
  public void setRateLimitedUntil(long id, Instant until) {
    update(id, a -> a.withCooldowns(a.cooldowns().withRateLimitedUntil(until)));
  }

  @Override
  public void setModelCooldowns(long id, Map<String, Instant> cooldowns) {
    update(
        id,
        a -> {
          Cooldowns c = a.cooldowns();
          return a.withCooldowns(
              new Cooldowns(
                  c.rateLimitedUntil(),
                  c.overloadUntil(),
                  c.tempUnschedulableUntil(),
                  c.tempUnschedulableReason(),
                  cooldowns));
        });
  }

  @Override
  public synchronized boolean updateSettings(
      long id, long expectedVersion, io.subgate.account.AccountSettings next) {
    Account a = accounts.get(id);
    if (a == null || a.deleted() || a.settingsVersion() != expectedVersion) {
      return false;
    }
    if (accounts.values().stream().anyMatch(x -> x.id() != id && x.name().equals(next.name()))) {
      throw new DuplicateNameException("account", next.name());
    }
    accounts.put(id, a.withSettings(next, a.settingsVersion() + 1));
    return true;
  }

  @Override
  public synchronized boolean setStatus(long id, AccountStatus status) {
    Account a = accounts.get(id);
    if (a == null || a.deleted()) {
      return false;
    }
    accounts.put(id, bumped(a.withStatus(status, null)));
    return true;
  }

  @Override
  public void clearCooldowns(long id) {
    update(id, a -> a.withCooldowns(Cooldowns.NONE));
  }

  @Override
  public synchronized boolean delete(long id) {
    Account a = accounts.get(id);
    if (a == null || a.deleted()) {
      return false;
    }
    Account gone = bumped(a.withStatus(AccountStatus.DELETED, null).withSchedulable(false));
    String name = "deleted-" + id + "-" + a.name();
    accounts.put(
        id,
        gone.withSettings(
            new AccountSettings(
                name.length() > 200 ? name.substring(0, 200) : name,
                gone.priority(),
                gone.concurrency(),
                gone.models(),
                gone.rateMultiplier(),
                gone.pacing(),
                gone.proxyId()),
            gone.settingsVersion()));
    return true;
  }

  private static Account bumped(Account a) {
    return a.withSettings(AccountSettings.of(a), a.settingsVersion() + 1);
  }

  @Override
  public void setOverloadUntil(long id, Instant until) {
    update(id, a -> a.withCooldowns(a.cooldowns().withOverloadUntil(until)));
  }

  @Override
  public void setTempUnschedulable(long id, Instant until, String reason) {
    update(
        id,
        a -> {
          Instant current = a.cooldowns().tempUnschedulableUntil();
          if (current != null && !current.isBefore(until)) {
            return a;
          }
          return a.withCooldowns(a.cooldowns().withTempUnschedulable(until, reason));
        });
  }

  @Override
  public void clearTempUnschedulable(long id) {
    update(id, a -> a.withCooldowns(a.cooldowns().withTempUnschedulable(null, null)));
  }

  @Override
  public void markError(long id, String message) {
    update(id, a -> a.withStatus(AccountStatus.ERROR, message));
  }

  @Override
  public void clearError(long id) {
    update(id, a -> a.withStatus(AccountStatus.ACTIVE, null));
  }

  @Override
  public void setSchedulable(long id, boolean schedulable) {
    update(id, a -> a.withSchedulable(schedulable));
  }

  @Override
  public void recordUpstreamFailure(long id, LastUpstreamFailure failure) {
    update(id, a -> a.withLastUpstreamFailure(failure));
  }

  @Override
  public void recordQuota(long id, io.subgate.account.QuotaReport report) {
    update(id, a -> a.withQuota(report));
  }

  @Override
  public void touchLastUsed(long id, Instant at) {
    update(
        id, a -> a.lastUsedAt() == null || a.lastUsedAt().isBefore(at) ? a.withLastUsedAt(at) : a);
  }

  private synchronized void update(long id, UnaryOperator<Account> change) {
    accounts.computeIfPresent(id, (k, a) -> change.apply(a));
  }
}
