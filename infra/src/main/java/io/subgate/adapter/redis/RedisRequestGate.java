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
  // KEYS: user slot key (or ''), sticky key (or ''), the key's request counter and token counter
  // (or ''), then per load pool its slot, wait and token key (or ''). ARGV: request id, user max,
  // slot ttl ms, sticky ttl ms, claim (1/0), sticky max waiting, requests per minute, tokens per
  // day, tokens reserved, then per pool its account id, max and priority (when claiming).
  // Returns {user, bound, claimed pool index (1-based, 0: none), token, key limited (0: no, 1:
  // requests, 2: tokens), then in use, waiting per pool}.
  // The claim ranks as ClaimOrder does: priority, then load, then list order.
  private static final String ADMIT =
      RedisScripts.SLOT_FUNCTIONS
          + "local now = now_ms()\n"
          + "if KEYS[3] ~= '' and tonumber(redis.call('GET', KEYS[3]) or '0') >= tonumber(ARGV[7])"
          + " then return {0, '', 0, '', 1} end\n"
          + "if KEYS[4] ~= '' and tonumber(redis.call('GET', KEYS[4]) or '0') >= tonumber(ARGV[8])"
          + " then return {0, '', 0, '', 2} end\n"
          + "if KEYS[3] ~= '' then\n"
          + "  redis.call('INCR', KEYS[3])\n"
          + "  redis.call('PEXPIRE', KEYS[3], 120000)\n"
          + "end\n"
          + "if KEYS[4] ~= '' and tonumber(ARGV[9]) > 0 then\n"
          + "  redis.call('INCRBY', KEYS[4], ARGV[9])\n"
          + "  redis.call('PEXPIRE', KEYS[4], 172800000)\n"
          + "end\n"
          + "local ttl = tonumber(ARGV[3])\n"
          + "local user = 1\n"
          + "if KEYS[1] ~= '' then user = acquire(KEYS[1], tonumber(ARGV[2]), ttl, ARGV[1], now) end\n"
          + "local bound = ''\n"
          + "if KEYS[2] ~= '' then\n"
          + "  bound = redis.call('GET', KEYS[2]) or ''\n"
          + "  if bound ~= '' then redis.call('PEXPIRE', KEYS[2], ARGV[4]) end\n"
          + "end\n"
          + "local n = (#KEYS - 4) / 3\n"
          + "local function slot(i) return KEYS[3 * i + 2] end\n"
          + "local used, waiting = {}, {}\n"
          + "for i = 1, n do used[i], waiting[i] = load(slot(i), KEYS[3 * i + 3], ttl, now) end\n"
          + "local claimed, sticky, token = 0, 0, ''\n"
          + "if ARGV[5] == '1' and user == 1 and n > 0 then\n"
          + "  local function id(i) return ARGV[7 + 3 * i] end\n"
          + "  local function max(i) return tonumber(ARGV[8 + 3 * i]) end\n"
          + "  local function prio(i) return tonumber(ARGV[9 + 3 * i]) end\n"
          + "  local function rate(i)\n"
          + "    if max(i) <= 0 then return 0 end\n"
          + "    return (used[i] + waiting[i]) / max(i)\n"
          + "  end\n"
          + "  local rest = true\n"
          + "  if bound ~= '' then\n"
          + "    for i = 1, n do\n"
          + "      if id(i) == bound then\n"
          + "        if acquire(slot(i), max(i), ttl, ARGV[1], now) == 1 then\n"
          + "          claimed, sticky = i, 1\n"
          + "        elseif waiting[i] < tonumber(ARGV[6]) then\n"
          + "          rest = false\n"
          + "        end\n"
          + "        break\n"
          + "      end\n"
          + "    end\n"
          + "  end\n"
          + "  if claimed == 0 and rest then\n"
          + "    local order = {}\n"
          + "    for i = 1, n do if rate(i) < 1 then order[#order + 1] = i end end\n"
          + "    table.sort(order, function(a, b)\n"
          + "      if prio(a) ~= prio(b) then return prio(a) < prio(b) end\n"
          + "      if rate(a) ~= rate(b) then return rate(a) < rate(b) end\n"
          + "      return a < b\n"
          + "    end)\n"
          + "    for _, i in ipairs(order) do\n"
          + "      if acquire(slot(i), max(i), ttl, ARGV[1], now) == 1 then\n"
          + "        claimed = i\n"
          + "        break\n"
          + "      end\n"
          + "    end\n"
          + "  end\n"
          + "  if claimed > 0 then\n"
          + "    if sticky == 0 and KEYS[2] ~= '' then\n"
          + "      redis.call('SET', KEYS[2], id(claimed), 'PX', ARGV[4])\n"
          + "    end\n"
          + "    if KEYS[3 * claimed + 4] ~= '' then token = redis.call('GET', KEYS[3 * claimed + 4]) or '' end\n"
          + "  end\n"
          + "end\n"
          + "local out = {user, bound, claimed, token, 0}\n"
          + "for i = 1, n do\n"
          + "  out[#out + 1] = used[i]\n"
          + "  out[#out + 1] = waiting[i]\n"
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
  // KEYS: the key's token counter (or ''), then the slot keys. ARGV: request id, the settlement
  // (tokens used minus tokens reserved at admission; negative gives back what was not used).
  private static final String RELEASE =
      "for i = 2, #KEYS do redis.call('ZREM', KEYS[i], ARGV[1]) end\n"
          + "if KEYS[1] ~= '' and tonumber(ARGV[2]) ~= 0 then\n"
          + "  redis.call('INCRBY', KEYS[1], ARGV[2])\n"
          + "  redis.call('PEXPIRE', KEYS[1], 172800000)\n"
          + "end\n"
          + "return #KEYS - 1";

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
    KeyLimit limit = r.keyLimit();
    int perMinute = limit == null ? 0 : limit.requestsPerMinute();
    long perDay = limit == null ? 0 : limit.tokensPerDay();
    keys.add(
        limit != null && perMinute > 0
            ? RedisKeys.keyRequests(namespace, limit.apiKeyId(), limit.minute())
            : "");
    keys.add(
        limit != null && perDay > 0
            ? RedisKeys.keyTokens(namespace, limit.apiKeyId(), limit.day())
            : "");
    List<Candidate> claimable = r.claimable();
    List<String> args = new ArrayList<>();
    args.add(r.requestId());
    args.add(Integer.toString(r.userMax()));
    args.add(Long.toString(r.slotTtl().toMillis()));
    args.add(Long.toString(r.stickyTtl().toMillis()));
    args.add(claimable.isEmpty() ? "0" : "1");
    args.add(Integer.toString(r.stickyMaxWaiting()));
    args.add(Integer.toString(perMinute));
    args.add(Long.toString(perDay));
    args.add(Long.toString(limit == null || perDay <= 0 ? 0 : Math.max(0, limit.reserve())));
    for (int i = 0; i < r.loadPools().size(); i++) {
      SlotPool pool = r.loadPools().get(i);
      keys.add(RedisKeys.slots(namespace, pool));
      keys.add(RedisKeys.waiters(namespace, pool));
      String tokenKey = claimable.isEmpty() ? null : claimable.get(i).tokenKey();
      keys.add(tokenKey == null ? "" : RedisKeys.token(namespace, tokenKey));
      if (!claimable.isEmpty()) {
        Candidate c = claimable.get(i);
        args.add(Long.toString(c.accountId()));
        args.add(Integer.toString(c.max()));
        args.add(Integer.toString(c.priority()));
      }
    }
    List<Object> out =
        redis.script(
            ADMIT,
            ScriptOutputType.MULTI,
            keys.toArray(new String[0]),
            args.toArray(new String[0]));
    int limited = number(out.get(4));
    if (limited > 0) {
      return Admission.limited(
          limited == 1 ? KeyLimited.REQUESTS_PER_MINUTE : KeyLimited.TOKENS_PER_DAY);
    }
    Map<SlotPool, Load> loads = new HashMap<>();
    for (int i = 0; i < r.loadPools().size(); i++) {
      loads.put(
          r.loadPools().get(i), new Load(number(out.get(5 + 2 * i)), number(out.get(6 + 2 * i))));
    }
    int index = number(out.get(2));
    Claimed claimed = null;
    if (index > 0) {
      Candidate c = claimable.get(index - 1);
      String raw = String.valueOf(out.get(3));
      claimed =
          new Claimed(
              c.accountId(),
              // Claiming the bound account is claiming the session's account, by either path.
              Long.valueOf(c.accountId()).equals(accountId(out.get(1))),
              raw.isEmpty() || c.tokenKey() == null
                  ? null
                  : RedisTokenCache.decode(raw, c.tokenKey(), cipher).orElse(null));
    }
    return new Admission(number(out.get(0)) == 1, accountId(out.get(1)), loads, claimed);
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
    return new Claim(
        true,
        raw.isEmpty() || tokenKey == null
            ? null
            : RedisTokenCache.decode(raw, tokenKey, cipher).orElse(null));
  }

  @Override
  public void release(String requestId, List<SlotPool> pools, @Nullable KeyCharge charge) {
    long settlement = charge == null ? 0 : charge.settlement();
    if (pools.isEmpty() && settlement == 0) {
      return;
    }
    List<String> keys = new ArrayList<>();
    keys.add(
        charge != null && settlement != 0
            ? RedisKeys.keyTokens(namespace, charge.apiKeyId(), charge.day())
            : "");
    pools.forEach(p -> keys.add(RedisKeys.slots(namespace, p)));
    redis.script(
        RELEASE,
        ScriptOutputType.INTEGER,
        keys.toArray(new String[0]),
        requestId,
        Long.toString(settlement));
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
