package io.subgate.routing;

import io.subgate.concurrency.ConcurrencySlots;
import io.subgate.concurrency.ConcurrencySlots.Load;
import io.subgate.concurrency.SlotPool;
import io.subgate.token.CachedToken;
import io.subgate.token.TokenCache;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * {@link RequestGate} over the individual ports, one call each: right for process-local backends,
 * where a call costs no round trip.
 */
public class ComposedRequestGate implements RequestGate {
  private final ConcurrencySlots slots;
  private final StickySessions sticky;
  private final TokenCache tokens;

  public ComposedRequestGate(ConcurrencySlots slots, StickySessions sticky, TokenCache tokens) {
    this.slots = slots;
    this.sticky = sticky;
    this.tokens = tokens;
  }

  // Process-local key counters ("rpm:<key>:<minute>", "tpd:<key>:<day>"), like the backends here.
  private final Map<String, AtomicLong> keyCounters = new ConcurrentHashMap<>();

  @Override
  public Admission admit(Admit r) {
    KeyLimit limit = r.keyLimit();
    if (limit != null) {
      KeyLimited refused = checkAndCount(limit);
      if (refused != KeyLimited.NONE) {
        return Admission.limited(refused);
      }
    }
    SlotPool user = r.userPool();
    boolean userSlot =
        user == null || slots.tryAcquire(user, r.requestId(), r.userMax(), r.slotTtl());
    String hash = r.sessionHash();
    Long bound =
        hash == null ? null : sticky.getAndTouch(r.groupId(), hash, r.stickyTtl()).orElse(null);
    Map<SlotPool, Load> loads = slots.loads(r.loadPools(), r.slotTtl());
    Claimed claimed = userSlot ? claimFirst(r, bound, loads) : null;
    return new Admission(userSlot, bound, loads, claimed);
  }

  /** The claim of {@link RequestGate.Admit#claimable}, step by step as the Redis script does it. */
  private @Nullable Claimed claimFirst(Admit r, @Nullable Long bound, Map<SlotPool, Load> loads) {
    List<Candidate> candidates = r.claimable();
    if (candidates.isEmpty()) {
      return null;
    }
    List<SlotPool> pools = r.loadPools();
    if (bound != null) {
      for (int i = 0; i < candidates.size(); i++) {
        if (candidates.get(i).accountId() == bound) {
          if (slots.tryAcquire(pools.get(i), r.requestId(), candidates.get(i).max(), r.slotTtl())) {
            return claimed(r, candidates.get(i), true);
          }
          if (loads.getOrDefault(pools.get(i), new Load(0, 0)).waiting() < r.stickyMaxWaiting()) {
            return null;
          }
          break;
        }
      }
    }
    double[] rate = new double[candidates.size()];
    List<Integer> indices = new ArrayList<>();
    for (int i = 0; i < candidates.size(); i++) {
      rate[i] =
          ClaimOrder.rate(
              candidates.get(i).max(), loads.getOrDefault(pools.get(i), new Load(0, 0)));
      indices.add(i);
    }
    for (int i : ClaimOrder.rank(indices, j -> candidates.get(j).priority(), j -> rate[j])) {
      if (rate[i] >= 1.0) {
        continue;
      }
      if (slots.tryAcquire(pools.get(i), r.requestId(), candidates.get(i).max(), r.slotTtl())) {
        return claimed(r, candidates.get(i), false);
      }
    }
    return null;
  }

  private Claimed claimed(Admit r, Candidate c, boolean stickyHit) {
    String hash = r.sessionHash();
    if (hash != null && !stickyHit) {
      sticky.bind(r.groupId(), hash, c.accountId(), r.stickyTtl());
    }
    String key = c.tokenKey();
    @Nullable CachedToken token = key == null ? null : tokens.get(key).orElse(null);
    return new Claimed(c.accountId(), stickyHit, token);
  }

  @Override
  public Claim claim(ClaimRequest r) {
    if (!slots.tryAcquire(r.pool(), r.requestId(), r.max(), r.slotTtl())) {
      return new Claim(false, null);
    }
    String hash = r.bindSessionHash();
    if (hash != null) {
      sticky.bind(r.groupId(), hash, r.accountId(), r.stickyTtl());
    }
    String key = r.tokenKey();
    @Nullable CachedToken token = key == null ? null : tokens.get(key).orElse(null);
    return new Claim(true, token);
  }

  @Override
  public void release(String requestId, List<SlotPool> pools, @Nullable KeyCharge charge) {
    for (SlotPool pool : pools) {
      slots.release(pool, requestId);
    }
    if (charge != null && charge.settlement() != 0) {
      counter("tpd:" + charge.apiKeyId() + ":" + charge.day()).addAndGet(charge.settlement());
    }
  }

  private synchronized KeyLimited checkAndCount(KeyLimit limit) {
    AtomicLong requests = counter("rpm:" + limit.apiKeyId() + ":" + limit.minute());
    if (limit.requestsPerMinute() > 0 && requests.get() >= limit.requestsPerMinute()) {
      return KeyLimited.REQUESTS_PER_MINUTE;
    }
    if (limit.tokensPerDay() > 0
        && counter("tpd:" + limit.apiKeyId() + ":" + limit.day()).get() >= limit.tokensPerDay()) {
      return KeyLimited.TOKENS_PER_DAY;
    }
    requests.incrementAndGet();
    if (limit.tokensPerDay() > 0 && limit.reserve() > 0) {
      counter("tpd:" + limit.apiKeyId() + ":" + limit.day()).addAndGet(limit.reserve());
    }
    return KeyLimited.NONE;
  }

  private AtomicLong counter(String key) {
    if (keyCounters.size() > 100_000) {
      keyCounters.clear();
    }
    return keyCounters.computeIfAbsent(key, k -> new AtomicLong());
  }
}
