package io.subgate.adapter.memory;

import io.subgate.token.TokenCache;
import io.subgate.token.TokenCacheContract;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.threeten.extra.MutableClock;

class InMemoryTokenCacheTest extends TokenCacheContract {
  private final MutableClock clock =
      MutableClock.of(Instant.parse("2026-11-22T10:00:00Z"), ZoneOffset.UTC);
  private final InMemoryTokenCache cache = new InMemoryTokenCache(clock);

  @Override
  protected TokenCache cache() {
    return cache;
  }

  @Override
  protected void letExpire(String key, Duration ttl) {
    clock.add(ttl);
  }
}
