package io.subgate.adapter.redis;

import io.lettuce.core.ScriptOutputType;
import io.micronaut.context.annotation.Requires;
import io.subgate.concurrency.ConcurrencySlots.Load;
import io.subgate.concurrency.SlotPool;
import io.subgate.crypto.CredentialCipher;
import io.subgate.routing.RequestGate;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * {@link RequestGate} in Redis: each phase is one Lua script, so a warm request costs three round
 * trips. Keys are those of {@link RedisConcurrencySlots}, {@link RedisStickySessions} and {@link
 * RedisTokenCache}; the scripts touch several keys, so a clustered Redis needs cluster mode off
 * (ElastiCache's default replication group), as documented.
 */
@Singleton
@Requires(property = "redis.uri")
public final class RedisRequestGate implements RequestGate {
  // KEYS: user slot key (or ''), sticky key (or ''), then slot and wait key per load pool.
  // ARGV: request id, user max, slot ttl ms, sticky ttl ms. Returns {user, sticky, loads...}.
  private static final String ADMIT =
      RedisScripts.SLOT_FUNCTIONS
          + "local now = now_ms()\n"
          + "local ttl = tonumber(ARGV[3])\n"
          + "local user = 1\n"
          + "if KEYS[1] ~= '' then user = acquire(KEYS[1], tonumber(ARGV[2]), ttl, ARGV[1], now) end\n"
          + "local bound = ''\n"
          + "if KEYS[2] ~= '' then\n"
          + "  bound = redis.call('GET', KEYS[2]) or ''\n"
          + "  if bound ~= '' then redis.call('PEXPIRE', KEYS[2], ARGV[4]) end\n"
          + "end\n"
          + "local out = {user, bound}\n"
          + "for i = 3, #KEYS, 2 do\n"
          + "  local used, waiting = load(KEYS[i], KEYS[i + 1], ttl, now)\n"
          + "  out[#out + 1] = used\n"
          + "  out[#out + 1] = waiting\n"
          + "end\n"
          + "return out";
  // KEYS: account slot key, sticky key (or ''), token key (or '').
  // ARGV: request id, max, slot ttl ms, account id, sticky ttl ms. Returns {acquired, token}.
  private static final String CLAIM =
      RedisScripts.SLOT_FUNCTIONS
          + "if acquire(KEYS[1], tonumber(ARGV[2]), tonumber(ARGV[3]), ARGV[1], now_ms()) == 0"
          + " then return {0, ''} end\n"
          + "if KEYS[2] ~= '' then redis.call('SET', KEYS[2], ARGV[4], 'PX', ARGV[5]) end\n"
          + "local token = ''\n"
          + "if KEYS[3] ~= '' then token = redis.call('GET', KEYS[3]) or '' end\n"
          + "return {1, token}";
  private static final String RELEASE =
      "for i = 1, #KEYS do redis.call('ZREM', KEYS[i], ARGV[1]) end\nreturn #KEYS";

  private final RedisConnection redis;
  private final CredentialCipher cipher;
  private final String namespace;

  public RedisRequestGate(
      RedisConnection redis, CredentialCipher cipher, RedisNamespace namespace) {
    this.redis = redis;
    this.cipher = cipher;
    this.namespace = namespace.prefix();
  }

  @Override
  public Admission admit(Admit r) {
    List<String> keys = new ArrayList<>();
    SlotPool user = r.userPool();
    keys.add(user == null ? "" : RedisKeys.slots(namespace, user));
    String hash = r.sessionHash();
    keys.add(hash == null ? "" : RedisKeys.sticky(namespace, r.groupId(), hash));
    for (SlotPool pool : r.loadPools()) {
      keys.add(RedisKeys.slots(namespace, pool));
      keys.add(RedisKeys.waiters(namespace, pool));
    }
    List<Object> out =
        redis.script(
            ADMIT,
            ScriptOutputType.MULTI,
            keys.toArray(new String[0]),
            r.requestId(),
            Integer.toString(r.userMax()),
            Long.toString(r.slotTtl().toMillis()),
            Long.toString(r.stickyTtl().toMillis()));
    Map<SlotPool, Load> loads = new HashMap<>();
    for (int i = 0; i < r.loadPools().size(); i++) {
      loads.put(
          r.loadPools().get(i), new Load(number(out.get(2 + 2 * i)), number(out.get(3 + 2 * i))));
    }
    return new Admission(number(out.get(0)) == 1, accountId(out.get(1)), loads);
  }

  @Override
  public Claim claim(ClaimRequest r) {
    String hash = r.bindSessionHash();
    String tokenKey = r.tokenKey();
    String[] keys = {
      RedisKeys.slots(namespace, r.pool()),
      hash == null ? "" : RedisKeys.sticky(namespace, r.groupId(), hash),
      tokenKey == null ? "" : RedisKeys.token(namespace, tokenKey)
    };
    List<Object> out =
        redis.script(
            CLAIM,
            ScriptOutputType.MULTI,
            keys,
            r.requestId(),
            Integer.toString(r.max()),
            Long.toString(r.slotTtl().toMillis()),
            Long.toString(r.accountId()),
            Long.toString(r.stickyTtl().toMillis()));
    if (number(out.get(0)) != 1) {
      return new Claim(false, null);
    }
    String raw = String.valueOf(out.get(1));
    return new Claim(true, raw.isEmpty() ? null : RedisTokenCache.decode(raw, cipher).orElse(null));
  }

  @Override
  public void release(String requestId, List<SlotPool> pools) {
    if (pools.isEmpty()) {
      return;
    }
    String[] keys = pools.stream().map(p -> RedisKeys.slots(namespace, p)).toArray(String[]::new);
    redis.script(RELEASE, ScriptOutputType.INTEGER, keys, requestId);
  }

  private static int number(Object value) {
    return ((Number) value).intValue();
  }

  private static @Nullable Long accountId(Object value) {
    String s = String.valueOf(value);
    if (s.isEmpty()) {
      return null;
    }
    try {
      return Long.parseLong(s);
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
