package io.subgate.adapter.redis;

import io.lettuce.core.ScriptOutputType;
import io.micronaut.context.annotation.Requires;
import io.subgate.adapter.memory.InMemoryFailedAuthentications;
import io.subgate.tenancy.FailedAuthentications;
import io.subgate.token.BackendUnavailableException;
import jakarta.inject.Singleton;

/**
 * {@link FailedAuthentications} in Redis: one counter per scope, address and window, incremented
 * and given its expiry (two windows) in one script, one round trip per failure and none per
 * success. While Redis is out of reach the count is this process's own.
 */
@Singleton
@Requires(property = "redis.uri")
public final class RedisFailedAuthentications implements FailedAuthentications {
  private static final String COUNT =
      "local n = redis.call('INCR', KEYS[1])\n"
          + "if n == 1 then redis.call('EXPIRE', KEYS[1], ARGV[1]) end\n"
          + "return n";

  private final RedisConnection redis;
  private final String prefix;
  private final InMemoryFailedAuthentications local = new InMemoryFailedAuthentications();

  public RedisFailedAuthentications(RedisConnection redis, RedisNamespace namespace) {
    this.redis = redis;
    this.prefix = namespace.prefix() + "authfail:";
  }

  @Override
  public long record(String scope, String address, long window, long windowSeconds) {
    String key = prefix + scope + ":" + window + ":" + address;
    try {
      Long n =
          redis.script(
              COUNT,
              ScriptOutputType.INTEGER,
              new String[] {key},
              Long.toString(2 * windowSeconds));
      return n == null ? local.record(scope, address, window, windowSeconds) : n;
    } catch (BackendUnavailableException e) {
      return local.record(scope, address, window, windowSeconds);
    }
  }
}
