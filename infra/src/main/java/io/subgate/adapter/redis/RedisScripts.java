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

  /**
   * Defines {@code at_pace(...)} and {@code count_pace(...)}: an account's requests in the last
   * minute (a sorted set of request ids) and its sessions within their idle time (a sorted set of
   * session hashes), both scored by start time. A cap of 0 touches nothing.
   */
  static final String PACE_FUNCTIONS =
      "local function at_pace(rk, sk, rpm, cap, idle, session, now)\n"
          + "  if rpm > 0 then\n"
          + "    redis.call('ZREMRANGEBYSCORE', rk, '-inf', now - 60000)\n"
          + "    if redis.call('ZCARD', rk) >= rpm then return true end\n"
          + "  end\n"
          + "  if cap > 0 and session ~= '' then\n"
          + "    redis.call('ZREMRANGEBYSCORE', sk, '-inf', now - idle)\n"
          + "    if not redis.call('ZSCORE', sk, session) and redis.call('ZCARD', sk) >= cap then\n"
          + "      return true\n"
          + "    end\n"
          + "  end\n"
          + "  return false\n"
          + "end\n"
          + "local function count_pace(rk, sk, rpm, cap, idle, session, member, now)\n"
          + "  if rpm > 0 then\n"
          + "    redis.call('ZADD', rk, now, member)\n"
          + "    redis.call('PEXPIRE', rk, 60000)\n"
          + "  end\n"
          + "  if cap > 0 and session ~= '' then\n"
          + "    redis.call('ZADD', sk, now, session)\n"
          + "    redis.call('PEXPIRE', sk, idle)\n"
          + "  end\n"
          + "end\n";
}
