package io.subgate.tenancy;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.micronaut.context.annotation.Value;
import io.subgate.support.BackgroundReloads;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Resolves a presented client key to its {@link Principal} by SHA-256 hash. Answers (also "no such
 * key") are cached in process for a short TTL and reloaded in the background past half of it
 * ({@link BackgroundReloads}), so a warm request makes no database query; {@link #invalidate} drops
 * an entry at once in this process, {@link KeyRevocations} tells the other processes, and the TTL
 * bounds how long a process that did not hear may still accept a key that was just disabled. The
 * cache is bounded and scan-resistant: keys that exist live in a W-TinyLFU cache (Caffeine), which
 * admits a newcomer only over a less used entry, and "no such key" answers in a small cache of
 * their own, so a flood of well-formed unknown keys can neither evict the keys in use nor make them
 * cost a query again.
 */
@Singleton
public final class ApiKeyAuthenticator {
  static final int MAX_ENTRIES = 65_536;
  static final int MAX_MISSES = 8_192;

  private record Entry(Optional<Principal> principal, Instant loadedAt) {}

  private final ApiKeyRepository keys;
  private final UserRepository users;
  private final LimitRepository limits;
  private final Clock clock;
  private final Duration ttl;
  private final KnownKeys known;
  private final java.util.concurrent.atomic.AtomicLong epoch =
      new java.util.concurrent.atomic.AtomicLong();
  private final Cache<String, Entry> keysFound;
  private final Cache<String, Entry> keysMissing;
  private final BackgroundReloads<String> reloads = new BackgroundReloads<>("api-key-reload");

  @jakarta.inject.Inject
  public ApiKeyAuthenticator(
      ApiKeyRepository keys,
      UserRepository users,
      LimitRepository limits,
      Clock clock,
      @Value("${subgate.auth.cache-ttl:15s}") Duration ttl,
      KeyRevocations revocations) {
    this(
        keys,
        users,
        limits,
        clock,
        ttl,
        revocations,
        Duration.ofMinutes(5),
        MAX_ENTRIES,
        MAX_MISSES);
  }

  /** Without limits of users and groups (unit tests). */
  public ApiKeyAuthenticator(
      ApiKeyRepository keys,
      UserRepository users,
      Clock clock,
      Duration ttl,
      KeyRevocations revocations) {
    this(
        keys,
        users,
        NO_LIMITS,
        clock,
        ttl,
        revocations,
        Duration.ofMinutes(5),
        MAX_ENTRIES,
        MAX_MISSES);
  }

  ApiKeyAuthenticator(
      ApiKeyRepository keys,
      UserRepository users,
      LimitRepository limits,
      Clock clock,
      Duration ttl,
      KeyRevocations revocations,
      Duration knownKeysReload,
      int maxEntries,
      int maxMisses) {
    this.known = new KnownKeys(keys, clock, knownKeysReload);
    this.keysFound = Caffeine.newBuilder().maximumSize(maxEntries).executor(Runnable::run).build();
    this.keysMissing = Caffeine.newBuilder().maximumSize(maxMisses).executor(Runnable::run).build();
    revocations.listen(hash -> hash.ifPresentOrElse(this::invalidate, this::invalidateAll));
    this.keys = keys;
    this.users = users;
    this.limits = limits;
    this.clock = clock;
    this.ttl = ttl;
  }

  /**
   * The caller, or empty for an unknown or disabled key or user. A key whose checksum does not
   * match, and that is not among the keys issued before keys had one, is refused without a lookup
   * and takes no place in the cache: random keys cost neither a query nor a cached answer.
   */
  public Optional<Principal> authenticate(String presentedKey) {
    String hash = ApiKeys.hash(presentedKey);
    if (!ApiKeys.checksummed(presentedKey) && !known.mayExist(hash)) {
      return Optional.empty();
    }
    Instant now = clock.instant();
    Entry cached = keysFound.getIfPresent(hash);
    if (cached == null) {
      cached = keysMissing.getIfPresent(hash);
    }
    if (cached != null) {
      Duration age = Duration.between(cached.loadedAt(), now);
      if (age.compareTo(ttl.dividedBy(2)) < 0) {
        return cached.principal();
      }
      if (age.compareTo(ttl) < 0) {
        reloads.submit(hash, () -> load(hash));
        return cached.principal();
      }
    }
    return load(hash);
  }

  private Optional<Principal> load(String hash) {
    long seen = epoch.get();
    Optional<Principal> principal = lookup(hash);
    Instant now = clock.instant();
    Cache<String, Entry> cache = principal.isPresent() ? keysFound : keysMissing;
    // Why the epoch: a lookup that began before an invalidation may have read the key as active;
    // caching that answer would undo the revoke for a whole TTL. Such an answer is not kept.
    if (epoch.get() == seen) {
      (principal.isPresent() ? keysMissing : keysFound).invalidate(hash);
      cache.put(hash, new Entry(principal, now));
      if (epoch.get() != seen) {
        cache.invalidate(hash);
      }
    }
    return principal;
  }

  /** Forgets a key (after it was disabled or deleted). */
  public void invalidate(String keyHash) {
    epoch.incrementAndGet();
    keysFound.invalidate(keyHash);
    keysMissing.invalidate(keyHash);
  }

  /** Forgets every key (after a user was disabled: all of their keys stop). */
  public void invalidateAll() {
    epoch.incrementAndGet();
    keysFound.invalidateAll();
    keysMissing.invalidateAll();
  }

  private Optional<Principal> lookup(String hash) {
    Optional<ApiKey> found = keys.findByHash(hash).filter(k -> k.usableAt(clock.instant()));
    if (found.isEmpty()) {
      return Optional.empty();
    }
    ApiKey key = found.get();
    Optional<User> user = users.findById(key.userId()).filter(User::active);
    if (user.isEmpty()) {
      return Optional.empty();
    }
    Owner keyOwner = Owner.key(key.id());
    Owner userOwner = Owner.user(key.userId());
    Owner groupOwner = Owner.group(key.groupId());
    Map<Owner, Limits> set = limits.find(List.of(keyOwner, userOwner, groupOwner));
    return Optional.of(
        new Principal(
            key.id(),
            user.get().id(),
            key.groupId(),
            user.get().concurrency(),
            key.requestsPerMinute(),
            key.tokensPerDay(),
            set.getOrDefault(keyOwner, Limits.NONE).budgets(),
            set.getOrDefault(userOwner, Limits.NONE),
            set.getOrDefault(groupOwner, Limits.NONE)));
  }

  private static final LimitRepository NO_LIMITS =
      new LimitRepository() {
        @Override
        public Map<Owner, Limits> find(java.util.Collection<Owner> owners) {
          Map<Owner, Limits> out = new java.util.HashMap<>();
          owners.forEach(o -> out.put(o, Limits.NONE));
          return out;
        }

        @Override
        public void put(Owner owner, Limits limits) {
          throw new UnsupportedOperationException("no limits here");
        }
      };
}
