package io.subgate.adapter.memory;

import io.micronaut.context.annotation.Requires;
import io.subgate.token.CachedToken;
import io.subgate.token.TokenCache;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/** Process-local {@link TokenCache} for local runs without Redis; time from the injected clock. */
@Singleton
@Requires(missingProperty = "redis.uri")
public final class InMemoryTokenCache implements TokenCache {
  private record Entry(CachedToken token, Instant expiresAt) {}

  private final ConcurrentMap<String, Entry> entries = new ConcurrentHashMap<>();
  private final Clock clock;

  public InMemoryTokenCache(Clock clock) {
    this.clock = clock;
  }

  @Override
  public Optional<CachedToken> get(String key) {
    Entry e = entries.get(key);
    if (e == null || !e.expiresAt().isAfter(clock.instant())) {
      return Optional.empty();
    }
    return Optional.of(e.token());
  }

  @Override
  public boolean put(String key, CachedToken token, Duration ttl) {
    Instant now = clock.instant();
    boolean[] written = {false};
    entries.compute(
        key,
        (k, current) -> {
          boolean live = current != null && current.expiresAt().isAfter(now);
          if (live && current.token().credentialsVersion() > token.credentialsVersion()) {
            return current;
          }
          written[0] = true;
          return new Entry(token, now.plus(ttl));
        });
    return written[0];
  }

  @Override
  public void evict(String key) {
    entries.remove(key);
  }
}
