package io.subgate.adapter.redis;

import io.subgate.concurrency.SlotPool;

/** Every Redis key Subgate writes, in one place, so batched scripts and single ports agree. */
final class RedisKeys {
  private RedisKeys() {}

  static String slots(String namespace, SlotPool pool) {
    return namespace + "concurrency:" + pool.kind() + ":" + pool.id();
  }

  static String waiters(String namespace, SlotPool pool) {
    // A sorted set of waiter leases; "wait:" held a plain counter before, hence the new name.
    return namespace + "concurrency:waiters:" + pool.kind() + ":" + pool.id();
  }

  /** A limit's counter ({@link io.subgate.routing.RequestGate.Meter}): requests, tokens, spend. */
  static String meter(String namespace, String counter) {
    return namespace + "meter:" + counter;
  }

  /** Set once the counter's window has reached {@code percent} of its limit. */
  static String meterCrossed(String namespace, String counter, int percent) {
    return namespace + "meter:crossed:" + percent + ":" + counter;
  }

  /** The requests an account started in the last minute (its requests-per-minute cap). */
  static String paceRequests(String namespace, long accountId) {
    return namespace + "pace:requests:" + accountId;
  }

  /** The sessions an account serves (its session cap). */
  static String paceSessions(String namespace, long accountId) {
    return namespace + "pace:sessions:" + accountId;
  }

  static String sticky(String namespace, long groupId, String sessionHash) {
    return namespace + "sticky_session:" + groupId + ":" + sessionHash;
  }

  static String token(String namespace, String cacheKey) {
    return namespace + "oauth:token:v1:" + cacheKey;
  }

  static String refreshLock(String namespace, String cacheKey) {
    return namespace + "oauth:refresh_lock:v1:" + cacheKey;
  }
}
