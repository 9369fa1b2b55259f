package io.subgate.adapter.redis;

import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.subgate.token.Lease;
import io.subgate.token.RefreshLock;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

/**
 * {@link RefreshLock} on Redis: {@code SET NX PX} with an owner token, compare-and-delete release.
 */
public final class RedisRefreshLock implements RefreshLock {

  // sub2api released with a plain DEL, so a holder whose lease had expired deleted its
  // successor's lock; only the owner may delete.
  private static final String RELEASE_IF_OWNER =
      "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0";

  private final RedisConnection redis;
  private final String namespace;

  public RedisRefreshLock(RedisConnection redis, RedisNamespace namespace) {
    this.redis = redis;
    this.namespace = namespace.prefix();
  }

  @Override
  public Optional<Lease> tryAcquire(String key, Duration leaseTime) {
    String owner = UUID.randomUUID().toString();
    String reply =
        redis.call(c -> c.set(redisKey(key), owner, SetArgs.Builder.nx().px(leaseTime.toMillis())));
    return "OK".equals(reply) ? Optional.of(new Lease(key, owner, "redis")) : Optional.empty();
  }

  @Override
  public boolean release(Lease lease) {
    Long removed =
        redis.script(
            RELEASE_IF_OWNER,
            ScriptOutputType.INTEGER,
            new String[] {redisKey(lease.key())},
            lease.owner());
    return removed != null && removed == 1L;
  }

  private String redisKey(String key) {
    return RedisKeys.refreshLock(namespace, key);
  }
}
