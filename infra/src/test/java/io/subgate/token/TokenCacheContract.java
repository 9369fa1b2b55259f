package io.subgate.token;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** What every {@link TokenCache} must do; run against the in-process and the Redis adapter. */
public abstract class TokenCacheContract {

  protected abstract TokenCache cache();

  /** Lets {@code ttl} pass for {@code key} (moves a clock, or waits for Redis to expire it). */
  protected abstract void letExpire(String key, Duration ttl);

  protected static String key() {
    return "claude:account:" + UUID.randomUUID();
  }

  @Test
  void get_missing_isEmpty() {
    assertTrue(cache().get(key()).isEmpty());
  }

  @Test
  void put_thenGet_returnsTokenAndVersion() {
    String k = key();
    assertTrue(cache().put(k, new CachedToken("at-1", 3), Duration.ofMinutes(5)));
    assertEquals(Optional.of(new CachedToken("at-1", 3)), cache().get(k));
  }

  @Test
  void put_olderVersion_neverReplacesNewer() {
    String k = key();
    cache().put(k, new CachedToken("at-new", 5), Duration.ofMinutes(5));
    assertFalse(cache().put(k, new CachedToken("at-old", 4), Duration.ofMinutes(5)));
    assertEquals("at-new", cache().get(k).orElseThrow().accessToken());
  }

  @Test
  void put_sameOrNewerVersion_replaces() {
    String k = key();
    cache().put(k, new CachedToken("at-1", 5), Duration.ofMinutes(5));
    assertTrue(cache().put(k, new CachedToken("at-1b", 5), Duration.ofMinutes(5)));
    assertTrue(cache().put(k, new CachedToken("at-2", 6), Duration.ofMinutes(5)));
    assertEquals(new CachedToken("at-2", 6), cache().get(k).orElseThrow());
  }

  @Test
  void evict_removesWhateverVersion() {
    String k = key();
    cache().put(k, new CachedToken("at", 9), Duration.ofMinutes(5));
    cache().evict(k);
    assertTrue(cache().get(k).isEmpty());
    assertTrue(cache().put(k, new CachedToken("at-older", 1), Duration.ofMinutes(5)));
  }

  @Test
  void entries_expireAfterTheirTtl() {
    String k = key();
    Duration ttl = Duration.ofMillis(200);
    cache().put(k, new CachedToken("short-lived", 1), ttl);
    letExpire(k, ttl);
    assertTrue(cache().get(k).isEmpty());
    assertTrue(cache().put(k, new CachedToken("after-expiry", 0), Duration.ofMinutes(1)));
  }
}
