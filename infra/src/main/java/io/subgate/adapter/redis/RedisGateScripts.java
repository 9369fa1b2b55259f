package io.subgate.adapter.redis;

/**
 * The Lua scripts of {@link RedisRequestGate}, one per phase of a request: admit (meters, user
 * slot, sticky binding, loads, paces and the account claim), claim, the pace count of a waited
 * slot, release (slots and charges, with the budget thresholds reached) and window sums. Keys and
 * arguments are described above each; every script is atomic, and time is Redis {@code TIME}.
 */
final class RedisGateScripts {
  private RedisGateScripts() {}

  // window(k, n): the sum of the n counters from KEYS[k], read in one call.
  private static final String WINDOW =
      "local function window(k, n)\n"
          + "  if n == 1 then return tonumber(redis.call('GET', KEYS[k]) or '0') end\n"
          + "  local sum = 0\n"
          + "  for _, v in ipairs(redis.call('MGET', unpack(KEYS, k, k + n - 1))) do\n"
          + "    if v then sum = sum + tonumber(v) end\n"
          + "  end\n"
          + "  return sum\n"
          + "end\n";
  // KEYS: user slot key (or ''), sticky key (or ''), every meter's counters in order, then per
  // load pool its slot, wait, token, pace-requests and pace-sessions key (or ''). ARGV: request
  // id, user max, slot ttl ms, sticky ttl ms, claim (1/0), sticky max waiting, number of meters,
  // session hash (or ''), then per meter its number of counters, limit (0: none), count and keep
  // ms, then per pool (when claiming) its account id, max, priority, requests per minute, session
  // cap and session idle ms. Returns {user, bound, claimed pool index (1-based, 0: none), token,
  // refusing meter (1-based, 0: none), then in use, waiting, paced (1/0) per pool}.
  // Every meter is checked before any is counted. The claim ranks as ClaimOrder does: priority,
  // then load, then list order; an account at its pace is passed over like a full one.
  static final String ADMIT =
      RedisScripts.SLOT_FUNCTIONS
          + RedisScripts.PACE_FUNCTIONS
          + WINDOW
          + "local now = now_ms()\n"
          + "local a, k = 9, 3\n"
          + "local session = ARGV[8]\n"
          + "local counted = {}\n"
          + "for i = 1, tonumber(ARGV[7]) do\n"
          + "  local n, limit = tonumber(ARGV[a]), tonumber(ARGV[a + 1])\n"
          + "  if limit > 0 and window(k, n) >= limit then return {0, '', 0, '', i} end\n"
          + "  counted[i] = {KEYS[k], ARGV[a + 2], ARGV[a + 3]}\n"
          + "  a, k = a + 4, k + n\n"
          + "end\n"
          + "for _, c in ipairs(counted) do\n"
          + "  if tonumber(c[2]) ~= 0 then\n"
          + "    redis.call('INCRBY', c[1], c[2])\n"
          + "    redis.call('PEXPIRE', c[1], c[3])\n"
          + "  end\n"
          + "end\n"
          + "local base, pa = k - 1, a\n"
          + "local ttl = tonumber(ARGV[3])\n"
          + "local user = 1\n"
          + "if KEYS[1] ~= '' then user = acquire(KEYS[1], tonumber(ARGV[2]), ttl, ARGV[1], now) end\n"
          + "local bound = ''\n"
          + "if KEYS[2] ~= '' then\n"
          + "  bound = redis.call('GET', KEYS[2]) or ''\n"
          + "  if bound ~= '' then redis.call('PEXPIRE', KEYS[2], ARGV[4]) end\n"
          + "end\n"
          + "local n = (#KEYS - base) / 5\n"
          + "local function key(i, j) return KEYS[base + 5 * i - 5 + j] end\n"
          + "local used, waiting, paced = {}, {}, {}\n"
          + "for i = 1, n do\n"
          + "  used[i], waiting[i] = load(key(i, 1), key(i, 2), ttl, now)\n"
          + "  paced[i] = 0\n"
          + "end\n"
          + "local claimed, sticky, token = 0, 0, ''\n"
          + "if ARGV[5] == '1' and user == 1 and n > 0 then\n"
          + "  local function arg(i, j) return ARGV[pa + 6 * i - 7 + j] end\n"
          + "  local function max(i) return tonumber(arg(i, 2)) end\n"
          + "  local function prio(i) return tonumber(arg(i, 3)) end\n"
          + "  for i = 1, n do\n"
          + "    if at_pace(key(i, 4), key(i, 5), tonumber(arg(i, 4)), tonumber(arg(i, 5)),\n"
          + "        tonumber(arg(i, 6)), session, now) then paced[i] = 1 end\n"
          + "  end\n"
          + "  local function rate(i)\n"
          + "    if paced[i] == 1 then return math.huge end\n"
          + "    if max(i) <= 0 then return 0 end\n"
          + "    return (used[i] + waiting[i]) / max(i)\n"
          + "  end\n"
          + "  local rest = true\n"
          + "  if bound ~= '' then\n"
          + "    for i = 1, n do\n"
          + "      if arg(i, 1) == bound then\n"
          + "        if paced[i] == 1 then\n"
          + "        elseif acquire(key(i, 1), max(i), ttl, ARGV[1], now) == 1 then\n"
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
          + "    table.sort(order, function(x, y)\n"
          + "      if prio(x) ~= prio(y) then return prio(x) < prio(y) end\n"
          + "      if rate(x) ~= rate(y) then return rate(x) < rate(y) end\n"
          + "      return x < y\n"
          + "    end)\n"
          + "    for _, i in ipairs(order) do\n"
          + "      if acquire(key(i, 1), max(i), ttl, ARGV[1], now) == 1 then\n"
          + "        claimed = i\n"
          + "        break\n"
          + "      end\n"
          + "    end\n"
          + "  end\n"
          + "  if claimed > 0 then\n"
          + "    local c = claimed\n"
          + "    count_pace(key(c, 4), key(c, 5), tonumber(arg(c, 4)), tonumber(arg(c, 5)),\n"
          + "      tonumber(arg(c, 6)), session, ARGV[1], now)\n"
          + "    if sticky == 0 and KEYS[2] ~= '' then\n"
          + "      redis.call('SET', KEYS[2], arg(c, 1), 'PX', ARGV[4])\n"
          + "    end\n"
          + "    if key(c, 3) ~= '' then token = redis.call('GET', key(c, 3)) or '' end\n"
          + "  end\n"
          + "end\n"
          + "local out = {user, bound, claimed, token, 0}\n"
          + "for i = 1, n do\n"
          + "  out[#out + 1] = used[i]\n"
          + "  out[#out + 1] = waiting[i]\n"
          + "  out[#out + 1] = paced[i]\n"
          + "end\n"
          + "return out";
  // KEYS: account slot key, sticky key (or ''), token key (or ''), pace-requests and
  // pace-sessions key (or ''). ARGV: request id, max, slot ttl ms, account id, sticky ttl ms,
  // requests per minute, session cap, session idle ms, session hash (or ''). Returns {acquired,
  // token}; an account at its pace is not acquired.
  static final String CLAIM =
      RedisScripts.SLOT_FUNCTIONS
          + RedisScripts.PACE_FUNCTIONS
          + "local now = now_ms()\n"
          + "local rpm, cap, idle = tonumber(ARGV[6]), tonumber(ARGV[7]), tonumber(ARGV[8])\n"
          + "if at_pace(KEYS[4], KEYS[5], rpm, cap, idle, ARGV[9], now) then return {0, ''} end\n"
          + "if acquire(KEYS[1], tonumber(ARGV[2]), tonumber(ARGV[3]), ARGV[1], now) == 0"
          + " then return {0, ''} end\n"
          + "count_pace(KEYS[4], KEYS[5], rpm, cap, idle, ARGV[9], ARGV[1], now)\n"
          + "if KEYS[2] ~= '' then redis.call('SET', KEYS[2], ARGV[4], 'PX', ARGV[5]) end\n"
          + "local token = ''\n"
          + "if KEYS[3] ~= '' then token = redis.call('GET', KEYS[3]) or '' end\n"
          + "return {1, token}";
  // KEYS: pace-requests and pace-sessions key. ARGV: requests per minute, session cap, session
  // idle ms, session hash (or ''), request id.
  static final String COUNT_PACE =
      RedisScripts.SLOT_FUNCTIONS
          + RedisScripts.PACE_FUNCTIONS
          + "count_pace(KEYS[1], KEYS[2], tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3]),"
          + " ARGV[4], ARGV[5], now_ms())\n"
          + "return 1";
  // KEYS: per charge its counter, its 80 % and 100 % flags and its window's counters, then the
  // slot keys. ARGV: request id, number of charges, then per charge its delta, keep ms, limit (0:
  // none) and number of window counters. Returns {charge (1-based), percent, …} for each threshold
  // a charge's window reached whose flag this release set first.
  static final String RELEASE =
      WINDOW
          + "local a, k, out = 3, 1, {}\n"
          + "for i = 1, tonumber(ARGV[2]) do\n"
          + "  local delta, keep = tonumber(ARGV[a]), ARGV[a + 1]\n"
          + "  local limit, n = tonumber(ARGV[a + 2]), tonumber(ARGV[a + 3])\n"
          + "  local value = nil\n"
          + "  if delta ~= 0 then\n"
          + "    value = redis.call('INCRBY', KEYS[k], delta)\n"
          + "    redis.call('PEXPIRE', KEYS[k], keep)\n"
          + "  end\n"
          + "  if limit > 0 then\n"
          + "    local sum\n"
          + "    if n == 1 and value ~= nil and KEYS[k + 3] == KEYS[k] then sum = value\n"
          + "    else sum = window(k + 3, n) end\n"
          + "    if sum * 100 >= limit * 80 and redis.call('SET', KEYS[k + 1], '1', 'NX', 'PX', keep) then\n"
          + "      out[#out + 1] = i\n"
          + "      out[#out + 1] = 80\n"
          + "    end\n"
          + "    if sum >= limit and redis.call('SET', KEYS[k + 2], '1', 'NX', 'PX', keep) then\n"
          + "      out[#out + 1] = i\n"
          + "      out[#out + 1] = 100\n"
          + "    end\n"
          + "  end\n"
          + "  a, k = a + 4, k + 3 + n\n"
          + "end\n"
          + "for i = k, #KEYS do redis.call('ZREM', KEYS[i], ARGV[1]) end\n"
          + "return out";

  // KEYS: every window's counters in order. ARGV: each window's number of counters.
  // Returns each window's sum.
  static final String SUMS =
      "local k, out = 1, {}\n"
          + "for i = 1, #ARGV do\n"
          + "  local sum = 0\n"
          + "  for j = 0, tonumber(ARGV[i]) - 1 do\n"
          + "    sum = sum + tonumber(redis.call('GET', KEYS[k + j]) or '0')\n"
          + "  end\n"
          + "  out[i], k = sum, k + tonumber(ARGV[i])\n"
          + "end\n"
          + "return out";
}
