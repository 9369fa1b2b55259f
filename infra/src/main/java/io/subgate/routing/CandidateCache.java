package io.subgate.routing;

import io.subgate.account.Account;
import io.subgate.account.AccountRepository;
import io.subgate.crypto.CredentialDecryptionException;
import io.subgate.support.BackgroundReloads;
import io.subgate.tenancy.Group;
import io.subgate.tenancy.GroupRepository;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A group's accounts as the request path sees them, reused for {@code candidate-ttl} so a warm
 * request makes no database query: past half that life one background reload per group replaces the
 * copy while requests keep using it ({@link BackgroundReloads}), so a busy gateway never reads on a
 * request thread; only a copy past its full life is re-read before use. State this process changes
 * (a cooldown, an error) is applied to the cached copy at once; other processes see it when their
 * copy expires, which bounds how long a freshly limited account may still be tried elsewhere (the
 * upstream answers it with the same error, and that process then marks it too).
 */
@Singleton
public final class CandidateCache {
  private static final Logger LOG = LoggerFactory.getLogger(CandidateCache.class);

  private record Entry(Candidates value, Instant loadedAt) {}

  /** A group and its accounts, any state. */
  public record Candidates(Group group, List<Account> accounts) {
    public Candidates {
      accounts = List.copyOf(accounts);
    }
  }

  private final Map<Long, Entry> entries = new ConcurrentHashMap<>();
  private final BackgroundReloads<Long> reloads = new BackgroundReloads<>("candidate-reload");
  private final GroupRepository groups;
  private final AccountRepository accounts;
  private final SelectionSettings settings;
  private final Clock clock;

  public CandidateCache(
      GroupRepository groups, AccountRepository accounts, SelectionSettings settings, Clock clock) {
    this.groups = groups;
    this.accounts = accounts;
    this.settings = settings;
    this.clock = clock;
  }

  /** The group's candidates, or empty when the group does not exist. */
  public Optional<Candidates> of(long groupId) {
    Instant now = clock.instant();
    Entry e = entries.get(groupId);
    if (e != null) {
      Duration age = Duration.between(e.loadedAt(), now);
      if (age.compareTo(settings.candidateTtl().dividedBy(2)) < 0) {
        return Optional.of(e.value());
      }
      if (age.compareTo(settings.candidateTtl()) < 0) {
        reloads.submit(groupId, () -> load(groupId, clock.instant()));
        return Optional.of(e.value());
      }
    }
    return load(groupId, now);
  }

  private Optional<Candidates> load(long groupId, Instant now) {
    Optional<Group> group = groups.findById(groupId);
    if (group.isEmpty()) {
      entries.remove(groupId);
      return Optional.empty();
    }
    List<Account> members = new ArrayList<>();
    for (long id : groups.accountIds(groupId)) {
      try {
        accounts.findById(id).ifPresent(members::add);
      } catch (CredentialDecryptionException e) {
        // One account whose credentials this deployment cannot open must not stop its group.
        LOG.warn("candidates.account_unreadable account_id={} group_id={}", id, groupId);
      }
    }
    Candidates loaded = new Candidates(group.get(), members);
    entries.put(groupId, new Entry(loaded, now));
    return Optional.of(loaded);
  }

  /** Replaces the cached copy of {@code account} wherever it is cached. */
  public void update(Account account) {
    entries.replaceAll(
        (id, e) -> {
          List<Account> next = new ArrayList<>(e.value().accounts());
          next.replaceAll(a -> a.id() == account.id() ? account : a);
          return new Entry(new Candidates(e.value().group(), next), e.loadedAt());
        });
  }

  /** Forgets everything, so the next request re-reads (after an operator change). */
  public void invalidateAll() {
    entries.clear();
  }
}
