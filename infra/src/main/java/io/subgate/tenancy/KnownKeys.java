package io.subgate.tenancy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The stored keys' hashes, held in process as a sorted array of their first 8 bytes: a key without
 * a checksum (one issued before keys had one, or a made-up string) reaches the database only when
 * its hash is among them. Why a set of all hashes, loaded at most once every {@code reload}: no key
 * without a checksum is issued any more, so the keys that may pass only ever leave the set; a new
 * key's checksum lets it through without it. A failed load lets every key through to its lookup
 * (correct, only slower) until the next try.
 */
final class KnownKeys {
  private static final Logger LOG = LoggerFactory.getLogger(KnownKeys.class);

  private static final Duration RETRY = Duration.ofSeconds(10);

  private final ApiKeyRepository keys;
  private final Clock clock;
  private final Duration reload;
  private volatile long @Nullable [] prefixes;
  private volatile Instant loadedAt = Instant.EPOCH;

  KnownKeys(ApiKeyRepository keys, Clock clock, Duration reload) {
    this.keys = keys;
    this.clock = clock;
    this.reload = reload;
  }

  /** Whether a key with this SHA-256 hash (hex) may be stored: false means it certainly is not. */
  boolean mayExist(String hash) {
    long[] known = current();
    return known == null || Arrays.binarySearch(known, prefix(hash)) >= 0;
  }

  private long @Nullable [] current() {
    Instant now = clock.instant();
    if (Duration.between(loadedAt, now).compareTo(reload) < 0) {
      return prefixes;
    }
    synchronized (this) {
      if (Duration.between(loadedAt, now).compareTo(reload) < 0) {
        return prefixes;
      }
      loadedAt = now;
      try {
        List<String> hashes = keys.allHashes();
        long[] next = new long[hashes.size()];
        for (int i = 0; i < next.length; i++) {
          next[i] = prefix(hashes.get(i));
        }
        Arrays.sort(next);
        prefixes = next;
      } catch (RuntimeException e) {
        LOG.warn("api_keys.known_hashes_not_loaded error={}", e.getClass().getSimpleName());
        prefixes = null;
        loadedAt = now.minus(reload).plus(RETRY); // try again soon, not on every key
      }
      return prefixes;
    }
  }

  private static long prefix(String hash) {
    return hash.length() >= 16 ? HexFormat.fromHexDigitsToLong(hash, 0, 16) : hash.hashCode();
  }
}
