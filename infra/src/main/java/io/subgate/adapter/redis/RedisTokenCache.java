package io.subgate.adapter.redis;

import io.lettuce.core.ScriptOutputType;
import io.micronaut.context.annotation.Requires;
import io.subgate.crypto.CredentialCipher;
import io.subgate.crypto.CredentialDecryptionException;
import io.subgate.token.BackendUnavailableException;
import io.subgate.token.CachedToken;
import io.subgate.token.TokenCache;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link TokenCache} in Redis/ElastiCache. Values are {@code <version>:<AES-GCM ciphertext>}, so a
 * dump of the cache holds no usable token; the version guard runs in one Lua script. When Redis
 * cannot answer, the cache behaves as empty: reads miss, writes report false.
 */
@Singleton
@Requires(property = "redis.uri")
public final class RedisTokenCache implements TokenCache {
  private static final Logger LOG = LoggerFactory.getLogger(RedisTokenCache.class);
  private static final String PURPOSE = "subgate:cached-token";

  /**
   * The associated data of the entry under {@code key}: the purpose and the key itself, so a
   * ciphertext copied to another account's entry by anyone who can write Redis does not decrypt
   * there. Entries written before carry the purpose alone; they read as unreadable, are dropped and
   * refilled from the database (a cache entry lives minutes).
   */
  static String purpose(String key) {
    return PURPOSE + ":" + key;
  }

  // Compares versions and writes atomically; a plain GET-then-SET would let a slow writer with an
  // older token overwrite a newer one between the two calls.
  private static final String PUT_IF_NOT_OLDER =
      "local cur = redis.call('GET', KEYS[1])\n"
          + "if cur then\n"
          + "  local v = tonumber(string.match(cur, '^(%d+):'))\n"
          + "  if v and v > tonumber(ARGV[1]) then return 0 end\n"
          + "end\n"
          + "redis.call('SET', KEYS[1], ARGV[1] .. ':' .. ARGV[2], 'PX', ARGV[3])\n"
          + "return 1";

  private final RedisConnection redis;
  private final CredentialCipher cipher;
  private final String namespace;

  public RedisTokenCache(RedisConnection redis, CredentialCipher cipher, RedisNamespace namespace) {
    this.redis = redis;
    this.cipher = cipher;
    this.namespace = namespace.prefix();
  }

  @Override
  public Optional<CachedToken> get(String key) {
    String value;
    try {
      value = redis.call(c -> c.get(redisKey(key)));
    } catch (BackendUnavailableException e) {
      LOG.debug("token_cache.unavailable op=get");
      return Optional.empty();
    }
    Optional<CachedToken> token = decode(value, key, cipher);
    if (value != null && token.isEmpty()) {
      // Written under another key (a rotated key, a second deployment in the namespace) or
      // corrupted: gone, so the caller's database read refills it instead of failing each time.
      LOG.warn("token_cache.unreadable_entry_dropped key={}", key);
      evict(key);
    }
    return token;
  }

  /**
   * A stored value ({@code <version>:<ciphertext>}) opened; empty when absent, malformed or not
   * decryptable with this deployment's key.
   */
  static Optional<CachedToken> decode(@Nullable String value, String key, CredentialCipher cipher) {
    if (value == null) {
      return Optional.empty();
    }
    int colon = value.indexOf(':');
    if (colon <= 0) {
      return Optional.empty();
    }
    long version;
    try {
      version = Long.parseLong(value.substring(0, colon));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
    try {
      return Optional.of(
          new CachedToken(cipher.decrypt(value.substring(colon + 1), purpose(key)), version));
    } catch (CredentialDecryptionException e) {
      return Optional.empty();
    }
  }

  @Override
  public boolean put(String key, CachedToken token, Duration ttl) {
    String sealed = cipher.encrypt(token.accessToken(), purpose(key));
    try {
      Long written =
          redis.script(
              PUT_IF_NOT_OLDER,
              ScriptOutputType.INTEGER,
              new String[] {redisKey(key)},
              Long.toString(token.credentialsVersion()),
              sealed,
              Long.toString(Math.max(1, ttl.toMillis())));
      return written != null && written == 1L;
    } catch (BackendUnavailableException e) {
      LOG.debug("token_cache.unavailable op=put");
      return false;
    }
  }

  @Override
  public void evict(String key) {
    try {
      redis.call(c -> c.del(redisKey(key)));
    } catch (BackendUnavailableException e) {
      LOG.warn("token_cache.unavailable op=evict");
    }
  }

  private String redisKey(String key) {
    return RedisKeys.token(namespace, key);
  }
}
