package io.subgate.adapter.redis;

import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.micronaut.context.annotation.Requires;
import io.subgate.routing.StickySessions;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Optional;

/** {@link StickySessions} in Redis: {@code sticky_session:<group>:<hash>} → account id. */
@Singleton
@Requires(property = "redis.uri")
public final class RedisStickySessions implements StickySessions {
  private static final String GET_AND_TOUCH =
      "local v = redis.call('GET', KEYS[1])\n"
          + "if v then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end\n"
          + "return v";

  private final RedisConnection redis;
  private final String namespace;

  public RedisStickySessions(RedisConnection redis, RedisNamespace namespace) {
    this.redis = redis;
    this.namespace = namespace.prefix();
  }

  @Override
  public Optional<Long> getAndTouch(long groupId, String sessionHash, Duration ttl) {
    String value =
        redis.script(
            GET_AND_TOUCH,
            ScriptOutputType.VALUE,
            new String[] {key(groupId, sessionHash)},
            Long.toString(ttl.toMillis()));
    if (value == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(Long.parseLong(value));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  @Override
  public void bind(long groupId, String sessionHash, long accountId, Duration ttl) {
    redis.call(
        c ->
            c.set(
                key(groupId, sessionHash),
                Long.toString(accountId),
                SetArgs.Builder.px(ttl.toMillis())));
  }

  @Override
  public void drop(long groupId, String sessionHash) {
    redis.call(c -> c.del(key(groupId, sessionHash)));
  }

  private String key(long groupId, String sessionHash) {
    return RedisKeys.sticky(namespace, groupId, sessionHash);
  }
}
