package io.subgate.adapter.redis;

import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.micronaut.context.annotation.Requires;
import io.subgate.crypto.CredentialCipher;
import io.subgate.token.CachedToken;
import io.subgate.token.TokenCache;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Optional;

/**
 * {@link TokenCache} in Redis/ElastiCache. Values are {@code <version>:<AES-GCM ciphertext>}, so a
 * dump of the cache holds no usable token; the version guard runs in one Lua script.
 */
@Singleton
@Requires(property = "redis.uri")
public final class RedisTokenCache implements TokenCache {
  static final String KEY_PREFIX = "oauth:token:v1:";
  private static final String PURPOSE = "subgate:cached-token";

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

  private final StatefulRedisConnection<String, String> connection;
  private final CredentialCipher cipher;
  private final String namespace;

  public RedisTokenCache(
      StatefulRedisConnection<String, String> connection,
      CredentialCipher cipher,
      RedisNamespace namespace) {
    this.connection = connection;
    this.cipher = cipher;
    this.namespace = namespace.prefix();
  }

  @Override
  public Optional<CachedToken> get(String key) {
    String value = commands().get(redisKey(key));
    if (value == null) {
      return Optional.empty();
    }
    int colon = value.indexOf(':');
    if (colon <= 0) {
      return Optional.empty();
    }
    long version = Long.parseLong(value.substring(0, colon));
    return Optional.of(
        new CachedToken(cipher.decrypt(value.substring(colon + 1), PURPOSE), version));
  }

  @Override
  public boolean put(String key, CachedToken token, Duration ttl) {
    Long written =
        commands()
            .eval(
                PUT_IF_NOT_OLDER,
                ScriptOutputType.INTEGER,
                new String[] {redisKey(key)},
                Long.toString(token.credentialsVersion()),
                cipher.encrypt(token.accessToken(), PURPOSE),
                Long.toString(Math.max(1, ttl.toMillis())));
    return written != null && written == 1L;
  }

  @Override
  public void evict(String key) {
    commands().del(redisKey(key));
  }

  private String redisKey(String key) {
    return namespace + KEY_PREFIX + key;
  }

  private RedisCommands<String, String> commands() {
    return connection.sync();
  }
}
