package io.subgate.adapter.redis;

import io.lettuce.core.ScriptOutputType;
import io.micronaut.context.annotation.Requires;
import io.subgate.concurrency.ConcurrencySlots;
import io.subgate.concurrency.SlotPool;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@link ConcurrencySlots} in Redis: a sorted set per pool (member = request id, score = Redis
 * {@code TIME}), pruned and checked in one Lua script so acquisition is atomic and immune to clock
 * skew between functions; the key's TTL bounds a leaked slot's life.
 */
@Singleton
@Requires(property = "redis.uri")
public final class RedisConcurrencySlots implements ConcurrencySlots {
  private static final String ACQUIRE =
      RedisScripts.SLOT_FUNCTIONS
          + "return acquire(KEYS[1], tonumber(ARGV[1]), tonumber(ARGV[2]), ARGV[3], now_ms())";
  private static final String COUNT =
      RedisScripts.SLOT_FUNCTIONS + "return (load(KEYS[1], KEYS[2], tonumber(ARGV[1]), now_ms()))";
  // Waiters are leases like slots: a sorted set scored by each waiter's expiry.
  private static final String ENTER_WAIT =
      RedisScripts.SLOT_FUNCTIONS
          + "local now = now_ms()\n"
          + "local ttl = tonumber(ARGV[2])\n"
          + "redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)\n"
          + "if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[1]) then return 0 end\n"
          + "redis.call('ZADD', KEYS[1], now + ttl, ARGV[3])\n"
          + "if redis.call('PTTL', KEYS[1]) < ttl then redis.call('PEXPIRE', KEYS[1], ttl) end\n"
          + "return 1";
  private static final String LEAVE_WAIT = "return redis.call('ZREM', KEYS[1], ARGV[1])";
  // KEYS: slot and wait key per pool, interleaved; returns {inUse, waiting} per pool.
  private static final String LOADS =
      RedisScripts.SLOT_FUNCTIONS
          + "local now = now_ms()\n"
          + "local out = {}\n"
          + "for i = 1, #KEYS, 2 do\n"
          + "  local used, waiting = load(KEYS[i], KEYS[i + 1], tonumber(ARGV[1]), now)\n"
          + "  out[#out + 1] = used\n"
          + "  out[#out + 1] = waiting\n"
          + "end\n"
          + "return out";

  private final RedisConnection redis;
  private final String namespace;

  public RedisConcurrencySlots(RedisConnection redis, RedisNamespace namespace) {
    this.redis = redis;
    this.namespace = namespace.prefix();
  }

  @Override
  public boolean tryAcquire(SlotPool pool, String requestId, int max, Duration ttl) {
    Long ok =
        redis.script(
            ACQUIRE,
            ScriptOutputType.INTEGER,
            new String[] {slotKey(pool)},
            Integer.toString(max),
            Long.toString(ttl.toMillis()),
            requestId);
    return ok != null && ok == 1L;
  }

  @Override
  public void release(SlotPool pool, String requestId) {
    redis.call(c -> c.zrem(slotKey(pool), requestId));
  }

  @Override
  public int inUse(SlotPool pool, Duration ttl) {
    Long n =
        redis.script(
            COUNT,
            ScriptOutputType.INTEGER,
            new String[] {slotKey(pool), waitKey(pool)},
            Long.toString(ttl.toMillis()));
    return n == null ? 0 : n.intValue();
  }

  @Override
  public boolean enterWait(SlotPool pool, String waiterId, int maxWaiting, Duration ttl) {
    Long ok =
        redis.script(
            ENTER_WAIT,
            ScriptOutputType.INTEGER,
            new String[] {waitKey(pool)},
            Integer.toString(maxWaiting),
            Long.toString(ttl.toMillis()),
            waiterId);
    return ok != null && ok == 1L;
  }

  @Override
  public void leaveWait(SlotPool pool, String waiterId) {
    redis.script(LEAVE_WAIT, ScriptOutputType.INTEGER, new String[] {waitKey(pool)}, waiterId);
  }

  @Override
  public Map<SlotPool, Load> loads(List<SlotPool> pools, Duration ttl) {
    Map<SlotPool, Load> loads = new HashMap<>();
    if (pools.isEmpty()) {
      return loads;
    }
    String[] keys = new String[pools.size() * 2];
    for (int i = 0; i < pools.size(); i++) {
      keys[2 * i] = slotKey(pools.get(i));
      keys[2 * i + 1] = waitKey(pools.get(i));
    }
    List<Object> values =
        redis.script(LOADS, ScriptOutputType.MULTI, keys, Long.toString(ttl.toMillis()));
    for (int i = 0; i < pools.size(); i++) {
      loads.put(
          pools.get(i),
          new Load(
              ((Number) values.get(2 * i)).intValue(),
              ((Number) values.get(2 * i + 1)).intValue()));
    }
    return loads;
  }

  private String slotKey(SlotPool pool) {
    return RedisKeys.slots(namespace, pool);
  }

  private String waitKey(SlotPool pool) {
    return RedisKeys.waiters(namespace, pool);
  }
}
