package io.subgate.adapter.redis;

/**
 * Lua building blocks shared by the slot scripts. Time is Redis {@code TIME}, never the caller's
 * clock, so functions with skewed clocks agree on which slots have expired.
 */
final class RedisScripts {
  private RedisScripts() {}

  /** Defines {@code now_ms()}, {@code acquire(...)} and {@code load(...)}. */
  static final String SLOT_FUNCTIONS =
      "local function now_ms()\n"
          + "  local t = redis.call('TIME')\n"
          + "  return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)\n"
          + "end\n"
          + "local function acquire(key, max, ttl, member, now)\n"
          + "  redis.call('ZREMRANGEBYSCORE', key, '-inf', now - ttl)\n"
          + "  if redis.call('ZSCORE', key, member) or redis.call('ZCARD', key) < max then\n"
          + "    redis.call('ZADD', key, now, member)\n"
          + "    redis.call('PEXPIRE', key, ttl)\n"
          + "    return 1\n"
          + "  end\n"
          + "  return 0\n"
          + "end\n"
          + "local function load(slot_key, wait_key, ttl, now)\n"
          + "  redis.call('ZREMRANGEBYSCORE', slot_key, '-inf', now - ttl)\n"
          + "  redis.call('ZREMRANGEBYSCORE', wait_key, '-inf', now)\n"
          + "  return redis.call('ZCARD', slot_key), redis.call('ZCARD', wait_key)\n"
          + "end\n";
}
