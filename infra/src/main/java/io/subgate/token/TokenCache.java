package io.subgate.token;

import java.time.Duration;
import java.util.Optional;

/**
 * Shared cache of access tokens, so the gateway's hot path is one read. Written by the refresher
 * and by request-path refreshes; read by every request.
 *
 * <p>Contract: {@link #put} is version-guarded and atomic, so a slow writer holding an older token
 * never replaces a newer one (sub2api's {@code CheckTokenVersion}, made atomic). Entries expire
 * after their TTL. Implementations are thread-safe and may be shared by many processes. A cache
 * whose backend cannot answer behaves as empty: reads miss and writes return false.
 */
public interface TokenCache {

  Optional<CachedToken> get(String key);

  /**
   * Stores {@code token} for {@code ttl} unless the entry holds a higher credentials version.
   *
   * @return true when written; false when a newer token was already cached
   */
  boolean put(String key, CachedToken token, Duration ttl);

  /** Removes the entry, whatever its version. */
  void evict(String key);
}
