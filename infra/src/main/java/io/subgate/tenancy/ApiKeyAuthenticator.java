package io.subgate.tenancy;

import io.micronaut.context.annotation.Value;
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
 * key") are cached in process for a short TTL, so a warm request makes no database query; {@link
 * #invalidate} drops an entry at once in this process, and the TTL bounds how long another process
 * may still accept a key that was just disabled. The cache is bounded.
 */
@Singleton
public final class ApiKeyAuthenticator {
  static final int MAX_ENTRIES = 65_536;

  private record Entry(Optional<Principal> principal, Instant expiresAt) {}

  private final ApiKeyRepository keys;
  private final UserRepository users;
  private final Clock clock;
  private final Duration ttl;
  private final Map<String, Entry> cache = new ConcurrentHashMap<>();

  public ApiKeyAuthenticator(
      ApiKeyRepository keys,
      UserRepository users,
      Clock clock,
      @Value("${subgate.auth.cache-ttl:15s}") Duration ttl) {
    this.keys = keys;
    this.users = users;
    this.clock = clock;
    this.ttl = ttl;
  }

  /** The caller, or empty for an unknown or disabled key or user. */
  public Optional<Principal> authenticate(String presentedKey) {
    String hash = ApiKeys.hash(presentedKey);
    Instant now = clock.instant();
    Entry cached = cache.get(hash);
    if (cached != null && cached.expiresAt().isAfter(now)) {
      return cached.principal();
    }
    Optional<Principal> principal = lookup(hash);
    if (cache.size() >= MAX_ENTRIES) {
      evictSome(now);
    }
    cache.put(hash, new Entry(principal, now.plus(ttl)));
    return principal;
  }

  /** Forgets a key (after it was disabled or deleted). */
  public void invalidate(String keyHash) {
    cache.remove(keyHash);
  }

  private Optional<Principal> lookup(String hash) {
    Optional<ApiKey> key = keys.findByHash(hash).filter(ApiKey::active);
    if (key.isEmpty()) {
      return Optional.empty();
    }
    return users
        .findById(key.get().userId())
        .filter(User::active)
        .map(u -> new Principal(key.get().id(), u.id(), key.get().groupId(), u.concurrency()));
  }

  private void evictSome(Instant now) {
    cache.values().removeIf(e -> !e.expiresAt().isAfter(now));
    Iterator<String> it = cache.keySet().iterator();
    while (cache.size() >= MAX_ENTRIES && it.hasNext()) {
      it.next();
      it.remove();
    }
  }
}
