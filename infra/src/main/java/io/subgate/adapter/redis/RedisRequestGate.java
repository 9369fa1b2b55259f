package io.subgate.adapter.redis;

import io.lettuce.core.ScriptOutputType;
import io.micronaut.context.annotation.Requires;
import io.subgate.account.Pacing;
import io.subgate.concurrency.ConcurrencySlots.Load;
import io.subgate.concurrency.SlotPool;
import io.subgate.crypto.CredentialCipher;
import io.subgate.routing.RequestGate;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
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
    List<Candidate> claimable = r.claimable();
    List<String> args = new ArrayList<>();
    args.add(r.requestId());
    args.add(Integer.toString(r.userMax()));
    args.add(Long.toString(r.slotTtl().toMillis()));
    args.add(Long.toString(r.stickyTtl().toMillis()));
    args.add(claimable.isEmpty() ? "0" : "1");
    args.add(Integer.toString(r.stickyMaxWaiting()));
    args.add(Integer.toString(r.meters().size()));
    String session = r.sessionHash();
    args.add(session == null ? "" : session);
    for (Meter m : r.meters()) {
      m.counters().forEach(c -> keys.add(RedisKeys.meter(namespace, c)));
      args.add(Integer.toString(m.counters().size()));
      args.add(Long.toString(Math.max(0, m.limit())));
      args.add(Long.toString(m.count()));
      args.add(Long.toString(m.keep().toMillis()));
    }
    for (int i = 0; i < r.loadPools().size(); i++) {
      SlotPool pool = r.loadPools().get(i);
      keys.add(RedisKeys.slots(namespace, pool));
      keys.add(RedisKeys.waiters(namespace, pool));
      Candidate c = claimable.isEmpty() ? null : claimable.get(i);
      String tokenKey = c == null ? null : c.tokenKey();
      keys.add(tokenKey == null ? "" : RedisKeys.token(namespace, tokenKey));
      paceKeys(keys, c == null ? null : c.accountId(), c == null ? Pacing.NONE : c.pacing());
      if (c != null) {
        args.add(Long.toString(c.accountId()));
        args.add(Integer.toString(c.max()));
        args.add(Integer.toString(c.priority()));
        paceArgs(args, c.pacing());
      }
    }
    List<Object> out =
        redis.script(
            RedisGateScripts.ADMIT,
            ScriptOutputType.MULTI,
            keys.toArray(new String[0]),
            args.toArray(new String[0]));
    int refused = number(out.get(4));
    if (refused > 0) {
      return Admission.refused(new Refusal(refused - 1, false));
    }
    Map<SlotPool, Load> loads = new HashMap<>();
    for (int i = 0; i < r.loadPools().size(); i++) {
      loads.put(
          r.loadPools().get(i),
          new Load(
              number(out.get(5 + 3 * i)),
              number(out.get(6 + 3 * i)),
              number(out.get(7 + 3 * i)) == 1));
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
    List<String> keys = new ArrayList<>();
    keys.add(RedisKeys.slots(namespace, r.pool()));
    keys.add(hash == null ? "" : RedisKeys.sticky(namespace, r.groupId(), hash));
    keys.add(tokenKey == null ? "" : RedisKeys.token(namespace, tokenKey));
    paceKeys(keys, r.accountId(), r.pacing());
    List<String> args = new ArrayList<>();
    args.add(r.requestId());
    args.add(Integer.toString(r.max()));
    args.add(Long.toString(r.slotTtl().toMillis()));
    args.add(Long.toString(r.accountId()));
    args.add(Long.toString(r.stickyTtl().toMillis()));
    paceArgs(args, r.pacing());
    String session = r.sessionHash();
    args.add(session == null ? "" : session);
    List<Object> out =
        redis.script(
            RedisGateScripts.CLAIM,
            ScriptOutputType.MULTI,
            keys.toArray(new String[0]),
            args.toArray(new String[0]));
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
  public void countPace(
      String requestId, long accountId, Pacing pacing, @Nullable String sessionHash) {
    if (!pacing.paces()) {
      return;
    }
    List<String> keys = new ArrayList<>();
    paceKeys(keys, accountId, pacing);
    List<String> args = new ArrayList<>();
    paceArgs(args, pacing);
    args.add(sessionHash == null ? "" : sessionHash);
    args.add(requestId);
    redis.script(
        RedisGateScripts.COUNT_PACE,
        ScriptOutputType.INTEGER,
        keys.toArray(new String[0]),
        args.toArray(new String[0]));
  }

  private void paceKeys(List<String> keys, @Nullable Long accountId, Pacing pacing) {
    if (accountId == null || !pacing.paces()) {
      keys.add("");
      keys.add("");
      return;
    }
    keys.add(RedisKeys.paceRequests(namespace, accountId));
    keys.add(RedisKeys.paceSessions(namespace, accountId));
  }

  private static void paceArgs(List<String> args, Pacing pacing) {
    args.add(Integer.toString(pacing.requestsPerMinute()));
    args.add(Integer.toString(pacing.sessions()));
    args.add(Long.toString(pacing.sessionIdle().toMillis()));
  }

  @Override
  public List<Crossing> release(String requestId, List<SlotPool> pools, List<Charge> charges) {
    if (pools.isEmpty() && charges.isEmpty()) {
      return List.of();
    }
    Script release = releaseScript(requestId, pools, charges);
    return crossings(
        redis.script(RedisGateScripts.RELEASE, ScriptOutputType.MULTI, release.keys, release.args));
  }

  @Override
  public CompletionStage<List<Crossing>> releaseAsync(
      String requestId, List<SlotPool> pools, List<Charge> charges) {
    if (pools.isEmpty() && charges.isEmpty()) {
      return CompletableFuture.completedFuture(List.of());
    }
    Script release = releaseScript(requestId, pools, charges);
    return redis
        .<List<Object>>scriptAsync(
            RedisGateScripts.RELEASE, ScriptOutputType.MULTI, release.keys, release.args)
        .thenApply(RedisRequestGate::crossings);
  }

  /** A script's keys and arguments. */
  private record Script(String[] keys, String[] args) {}

  private Script releaseScript(String requestId, List<SlotPool> pools, List<Charge> charges) {
    List<String> keys = new ArrayList<>();
    List<String> args = new ArrayList<>();
    args.add(requestId);
    args.add(Integer.toString(charges.size()));
    for (Charge c : charges) {
      keys.add(RedisKeys.meter(namespace, c.counter()));
      keys.add(RedisKeys.meterCrossed(namespace, c.counter(), 80));
      keys.add(RedisKeys.meterCrossed(namespace, c.counter(), 100));
      c.window().forEach(w -> keys.add(RedisKeys.meter(namespace, w)));
      args.add(Long.toString(c.delta()));
      args.add(Long.toString(c.keep().toMillis()));
      args.add(Long.toString(Math.max(0, c.limit())));
      args.add(Integer.toString(c.window().size()));
    }
    pools.forEach(p -> keys.add(RedisKeys.slots(namespace, p)));
    return new Script(keys.toArray(new String[0]), args.toArray(new String[0]));
  }

  private static List<Crossing> crossings(List<Object> out) {
    List<Crossing> crossings = new ArrayList<>();
    for (int i = 0; i + 1 < out.size(); i += 2) {
      crossings.add(new Crossing(number(out.get(i)) - 1, number(out.get(i + 1))));
    }
    return crossings;
  }

  @Override
  public List<Long> sums(List<List<String>> windows) {
    if (windows.isEmpty()) {
      return List.of();
    }
    List<String> keys = new ArrayList<>();
    List<String> args = new ArrayList<>();
    for (List<String> w : windows) {
      w.forEach(c -> keys.add(RedisKeys.meter(namespace, c)));
      args.add(Integer.toString(w.size()));
    }
    List<Object> out =
        redis.script(
            RedisGateScripts.SUMS,
            ScriptOutputType.MULTI,
            keys.toArray(new String[0]),
            args.toArray(new String[0]));
    return out.stream().map(v -> ((Number) v).longValue()).toList();
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
