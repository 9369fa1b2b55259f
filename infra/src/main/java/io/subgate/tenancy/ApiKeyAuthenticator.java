package io.subgate.tenancy;

import io.micronaut.context.annotation.Value;
import io.subgate.support.BackgroundReloads;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Resolves a presented client key to its {@link Principal} by SHA-256 hash. Answers (also "no such
 * key") are cached in process for a short TTL and reloaded in the background past half of it
 * ({@link BackgroundReloads}), so a warm request makes no database query; {@link #invalidate} drops
 * an entry at once in this process, {@link KeyRevocations} tells the other processes, and the TTL
 * bounds how long a process that did not hear may still accept a key that was just disabled. The
 * cache is bounded.
 */
@Singleton
public final class ApiKeyAuthenticator {
  static final int MAX_ENTRIES = 65_536;

  private record Entry(Optional<Principal> principal, Instant loadedAt) {}

  private final ApiKeyRepository keys;
  private final UserRepository users;
  private final Clock clock;
  private final Duration ttl;
  private final KnownKeys known;
  private final java.util.concurrent.atomic.AtomicLong epoch =
      new java.util.concurrent.atomic.AtomicLong();
  private final Map<String, Entry> cache = new ConcurrentHashMap<>();
  private final BackgroundReloads<String> reloads = new BackgroundReloads<>("api-key-reload");

  public ApiKeyAuthenticator(
      ApiKeyRepository keys,
      UserRepository users,
      Clock clock,
      @Value("${subgate.auth.cache-ttl:15s}") Duration ttl,
      KeyRevocations revocations) {
    this(keys, users, clock, ttl, revocations, Duration.ofMinutes(5));
  }

  ApiKeyAuthenticator(
      ApiKeyRepository keys,
      UserRepository users,
      Clock clock,
      Duration ttl,
      KeyRevocations revocations,
      Duration knownKeysReload) {
    this.known = new KnownKeys(keys, clock, knownKeysReload);
    revocations.listen(hash -> hash.ifPresentOrElse(this::invalidate, this::invalidateAll));
    this.keys = keys;
    this.users = users;
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
    Entry cached = cache.get(hash);
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
    if (cache.size() >= MAX_ENTRIES) {
      evictSome(now);
    }
    // Why the epoch: a lookup that began before an invalidation may have read the key as active;
    // caching that answer would undo the revoke for a whole TTL. Such an answer is not kept.
    if (epoch.get() == seen) {
      cache.put(hash, new Entry(principal, now));
      if (epoch.get() != seen) {
        cache.remove(hash);
      }
    }
    return principal;
  }

  /** Forgets a key (after it was disabled or deleted). */
  public void invalidate(String keyHash) {
    epoch.incrementAndGet();
    cache.remove(keyHash);
  }

  /** Forgets every key (after a user was disabled: all of their keys stop). */
  public void invalidateAll() {
    epoch.incrementAndGet();
    cache.clear();
  }

  private Optional<Principal> lookup(String hash) {
    Optional<ApiKey> key = keys.findByHash(hash).filter(k -> k.usableAt(clock.instant()));
    if (key.isEmpty()) {
      return Optional.empty();
    }
    return users
        .findById(key.get().userId())
        .filter(User::active)
        .map(
            u ->
                new Principal(
                    key.get().id(),
                    u.id(),
                    key.get().groupId(),
                    u.concurrency(),
                    key.get().requestsPerMinute(),
                    key.get().tokensPerDay()));
  }

  private void evictSome(Instant now) {
    cache.values().removeIf(e -> !e.loadedAt().plus(ttl).isAfter(now));
    Iterator<String> it = cache.keySet().iterator();
    while (cache.size() >= MAX_ENTRIES && it.hasNext()) {
      it.next();
      it.remove();
    }
  }
}
