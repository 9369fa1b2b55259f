package io.subgate.routing;

import io.subgate.account.Pacing;
import io.subgate.concurrency.ConcurrencySlots;
import io.subgate.concurrency.ConcurrencySlots.Load;
import io.subgate.concurrency.SlotPool;
import io.subgate.token.CachedToken;
import io.subgate.token.TokenCache;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
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

  private final LocalPaces paces;

  public ComposedRequestGate(
      ConcurrencySlots slots, StickySessions sticky, TokenCache tokens, Clock clock) {
    this.slots = slots;
    this.sticky = sticky;
    this.tokens = tokens;
    this.paces = new LocalPaces(clock);
  }

  // Process-local meter counters and crossing flags, like the backends here; they forget nothing
  // but their oldest entries when there are too many (a window's counter outlives its window).
  private final Map<String, AtomicLong> counters = new ConcurrentHashMap<>();
  private final Set<String> crossed = ConcurrentHashMap.newKeySet();

  @Override
  public Admission admit(Admit r) {
    if (!r.meters().isEmpty()) {
      Refusal refused = checkAndCount(r.meters());
      if (refused != null) {
        return Admission.refused(refused);
      }
    }
    SlotPool user = r.userPool();
    boolean userSlot =
        user == null || slots.tryAcquire(user, r.requestId(), r.userMax(), r.slotTtl());
    String hash = r.sessionHash();
    Long bound =
        hash == null ? null : sticky.getAndTouch(r.groupId(), hash, r.stickyTtl()).orElse(null);
    Map<SlotPool, Load> loads = paced(r, slots.loads(r.loadPools(), r.slotTtl()));
    Claimed claimed = userSlot ? claimFirst(r, bound, loads) : null;
    return new Admission(userSlot, bound, loads, claimed);
  }

  /** {@code loads} with each claimable account at its pace marked so. */
  private Map<SlotPool, Load> paced(Admit r, Map<SlotPool, Load> loads) {
    List<Candidate> candidates = r.claimable();
    if (candidates.stream().noneMatch(c -> c.pacing().paces())) {
      return loads;
    }
    Map<SlotPool, Load> marked = new HashMap<>(loads);
    for (int i = 0; i < candidates.size(); i++) {
      Candidate c = candidates.get(i);
      if (paces.full(c.accountId(), c.pacing(), r.sessionHash())) {
        SlotPool pool = r.loadPools().get(i);
        Load l = loads.getOrDefault(pool, new Load(0, 0));
        marked.put(pool, new Load(l.inUse(), l.waiting(), true));
      }
    }
    return marked;
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
          if (loads.getOrDefault(pools.get(i), new Load(0, 0)).paced()) {
            break; // at its pace: the session moves, as from an unusable account
          }
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
    paces.count(c.accountId(), c.pacing(), r.requestId(), hash);
    if (hash != null && !stickyHit) {
      sticky.bind(r.groupId(), hash, c.accountId(), r.stickyTtl());
    }
    String key = c.tokenKey();
    @Nullable CachedToken token = key == null ? null : tokens.get(key).orElse(null);
    return new Claimed(c.accountId(), stickyHit, token);
  }

  @Override
  public Claim claim(ClaimRequest r) {
    if (paces.full(r.accountId(), r.pacing(), r.sessionHash())
        || !slots.tryAcquire(r.pool(), r.requestId(), r.max(), r.slotTtl())) {
      return new Claim(false, null);
    }
    paces.count(r.accountId(), r.pacing(), r.requestId(), r.sessionHash());
    String hash = r.bindSessionHash();
    if (hash != null) {
      sticky.bind(r.groupId(), hash, r.accountId(), r.stickyTtl());
    }
    String key = r.tokenKey();
    @Nullable CachedToken token = key == null ? null : tokens.get(key).orElse(null);
    return new Claim(true, token);
  }

  @Override
  public void countPace(
      String requestId, long accountId, Pacing pacing, @Nullable String sessionHash) {
    paces.count(accountId, pacing, requestId, sessionHash);
  }

  @Override
  public List<Crossing> release(String requestId, List<SlotPool> pools, List<Charge> charges) {
    for (SlotPool pool : pools) {
      slots.release(pool, requestId);
    }
    List<Crossing> out = new ArrayList<>();
    synchronized (this) {
      for (int i = 0; i < charges.size(); i++) {
        Charge c = charges.get(i);
        if (c.delta() != 0) {
          counter(c.counter()).addAndGet(c.delta());
        }
        if (c.limit() > 0) {
          long sum = sum(c.window());
          for (int percent : new int[] {80, 100}) {
            if (sum * 100 >= c.limit() * percent && crossed.add(c.counter() + "|" + percent)) {
              out.add(new Crossing(i, percent));
            }
          }
        }
      }
    }
    return out;
  }

  @Override
  public synchronized List<Long> sums(List<List<String>> windows) {
    return windows.stream().map(this::sum).toList();
  }

  private synchronized @Nullable Refusal checkAndCount(List<Meter> meters) {
    for (int i = 0; i < meters.size(); i++) {
      Meter m = meters.get(i);
      if (m.limit() > 0 && sum(m.counters()) >= m.limit()) {
        return new Refusal(i, false);
      }
    }
    for (Meter m : meters) {
      if (m.count() != 0) {
        counter(m.counters().get(0)).addAndGet(m.count());
      }
    }
    return null;
  }

  private long sum(List<String> names) {
    long sum = 0;
    for (String name : names) {
      AtomicLong c = counters.get(name);
      sum += c == null ? 0 : c.get();
    }
    return sum;
  }

  private AtomicLong counter(String key) {
    if (counters.size() > 100_000) {
      counters.clear();
      crossed.clear();
    }
    return counters.computeIfAbsent(key, k -> new AtomicLong());
  }
}
