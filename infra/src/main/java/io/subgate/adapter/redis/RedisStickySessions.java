package io.subgate.adapter.redis;

import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.micronaut.context.annotation.Requires;
import io.subgate.routing.StickySessions;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** {@link StickySessions} in Redis: {@code sticky_session:<group>:<hash>} → account id. */
@Singleton
@Requires(property = "redis.uri")
public final class RedisStickySessions implements StickySessions {
  private static final String GET_AND_TOUCH =
      "local v = redis.call('GET', KEYS[1])\n"
          + "if v then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end\n"
          + "return v";
  // Checked and deleted in one script: a binding rebound to another account between a read and a
  // delete must survive.
  private static final String DROP_BOUND_TO =
      "local n = 0\n"
          + "for _, k in ipairs(KEYS) do\n"
          + "  if redis.call('GET', k) == ARGV[1] then redis.call('DEL', k); n = n + 1 end\n"
          + "end\n"
          + "return n";
  private static final int SCAN_PAGE = 500;

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

  /** Walks the bindings with {@code SCAN} (never {@code KEYS}), a page at a time. */
  @Override
  public int dropAccount(long accountId) {
    ScanArgs args = ScanArgs.Builder.matches(namespace + "sticky_session:*").limit(SCAN_PAGE);
    KeyScanCursor<String> page = redis.call(c -> c.scan(args));
    long dropped = 0;
    while (true) {
      List<String> keys = page.getKeys();
      if (!keys.isEmpty()) {
        Long n =
            redis.script(
                DROP_BOUND_TO,
                ScriptOutputType.INTEGER,
                keys.toArray(new String[0]),
                Long.toString(accountId));
        dropped += n == null ? 0 : n;
      }
      if (page.isFinished()) {
        return (int) dropped;
      }
      KeyScanCursor<String> at = page;
      page = redis.call(c -> c.scan(at, args));
    }
  }

  private String key(long groupId, String sessionHash) {
    return RedisKeys.sticky(namespace, groupId, sessionHash);
  }
}
