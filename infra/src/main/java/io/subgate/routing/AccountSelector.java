package io.subgate.routing;

import io.subgate.account.Account;
import io.subgate.account.Cooldowns;
import io.subgate.account.QuotaReport;
import io.subgate.account.QuotaWindow;
import io.subgate.concurrency.SlotPool;
import io.subgate.routing.RequestGate.Admission;
import io.subgate.routing.RequestGate.Claim;
import io.subgate.routing.Selection.Acquired;
import io.subgate.routing.Selection.NoneAvailable;
import io.subgate.routing.Selection.Wait;
import io.subgate.support.RandomSource;
import io.subgate.token.CacheKeys;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Picks the account for one attempt (sub2api's layered selection): the session's sticky account
 * first while it is healthy; otherwise the lowest priority value, then the lowest load ((in use +
 * waiting) / concurrency), then the least recently used, random among ties; a slot is taken on the
 * chosen account before returning. When every account is busy, a wait plan; when none is
 * schedulable, why and until when.
 *
 * <p>Shared state is read through the {@link RequestGate} in two round trips: {@link #admit} (the
 * sticky binding and every candidate's load, together with the user's slot) and one claim on the
 * chosen account, which also reads its cached token.
 */
@Singleton
public final class AccountSelector {
  private final RequestGate gate;
  private final StickySessions sticky;
  private final SelectionSettings settings;
  private final RandomSource random;
  private final Clock clock;

  public AccountSelector(
      RequestGate gate,
      StickySessions sticky,
      SelectionSettings settings,
      RandomSource random,
      Clock clock) {
    this.gate = gate;
    this.sticky = sticky;
    this.settings = settings;
    this.random = random;
    this.clock = clock;
  }

  /**
   * Phase one, in one round trip: the user's slot (when {@code userPool} is set), the session's
   * binding, the load of every usable candidate and, with {@code claim}, the slot of the account
   * selection would choose (see {@link RequestGate.Admit#claimable}), so that a request that finds
   * a free account needs no second round trip before its upstream call.
   */
  public Admission admit(
      SelectionRequest request, @Nullable SlotPool userPool, int userMax, boolean claim) {
    return admit(request, userPool, userMax, claim, List.of());
  }

  /** {@link #admit} with the request's meters (limits) checked, and counted, in the trip. */
  public Admission admit(
      SelectionRequest request,
      @Nullable SlotPool userPool,
      int userMax,
      boolean claim,
      List<RequestGate.Meter> meters) {
    Instant now = clock.instant();
    List<Account> usable = preferred(usable(request, now), now);
    List<SlotPool> pools = usable.stream().map(a -> SlotPool.account(a.id())).toList();
    List<RequestGate.Candidate> claimable =
        claim
            ? usable.stream()
                .map(
                    a ->
                        new RequestGate.Candidate(
                            a.id(),
                            a.concurrency(),
                            rankPriority(a, now),
                            a.type().usesOAuth() ? CacheKeys.of(a) : null,
                            a.pacing()))
                .toList()
            : List.of();
    return gate.admit(
        new RequestGate.Admit(
            request.requestId(),
            userPool,
            userMax,
            request.groupId(),
            request.sessionHash(),
            pools,
            settings.slotTtl(),
            settings.stickyTtl(),
            claimable,
            settings.stickyMaxWaiting(),
            meters));
  }

  /**
   * Selection with a fresh read of bindings and loads (no user slot), claiming in the same trip.
   */
  public Selection select(SelectionRequest request) {
    return select(request, admit(request, null, 0, true));
  }

  /**
   * Selection from what {@link #admit} read: the account it claimed, if any; otherwise the
   * session's account, then the best-ranked one with a free slot, each claimed on its own, or a
   * wait.
   */
  public Selection select(SelectionRequest request, Admission admission) {
    Instant now = clock.instant();
    List<Account> usable = usable(request, now);
    RequestGate.Claimed claimed = admission.claimed();
    if (claimed != null) {
      for (Account a : usable) {
        if (a.id() == claimed.accountId()) {
          return new Acquired(a, SlotPool.account(a.id()), claimed.sticky(), claimed.token());
        }
      }
    }
    String hash = request.sessionHash();
    if (hash != null) {
      Optional<Selection> bound = stickyChoice(request, hash, usable, admission);
      if (bound.isPresent()) {
        return bound.get();
      }
    }
    if (usable.isEmpty()) {
      return none(request, now);
    }
    List<Account> ordered = ordered(usable, admission, now);
    if (ordered.stream().allMatch(a -> paced(a, admission))) {
      return new NoneAvailable(
          "every account is at its pace", true, now.plus(Duration.ofMinutes(1)));
    }
    for (Account a : ordered) {
      if (loadRate(a, admission) >= 1.0) {
        continue;
      }
      Optional<Selection> got = claim(request, a, hash, false);
      if (got.isPresent()) {
        return got.get();
      }
    }
    Account first = ordered.stream().filter(a -> !paced(a, admission)).findFirst().orElseThrow();
    return new Wait(first, settings.fallbackWaitTimeout(), settings.fallbackMaxWaiting(), false);
  }

  /**
   * Selection for a request that takes no slot: the session's account while it is usable, else the
   * best-ranked one.
   */
  public Selection pick(SelectionRequest request, Admission admission) {
    Instant now = clock.instant();
    List<Account> usable = usable(request, now);
    if (usable.isEmpty()) {
      return none(request, now);
    }
    Long bound = admission.stickyAccountId();
    for (Account a : usable) {
      if (bound != null && a.id() == bound) {
        return new Selection.Chosen(a);
      }
    }
    return new Selection.Chosen(ordered(usable, admission, now).get(0));
  }

  /**
   * Priority (with headroom), then load, then least recently used, then random: {@link
   * #preferred}'s order with load ranked after priority, as the gate's claim ranks it.
   */
  private List<Account> ordered(List<Account> usable, Admission admission, Instant now) {
    return ClaimOrder.rank(
        preferred(usable, now), a -> rankPriority(a, now), a -> loadRate(a, admission));
  }

  /** Priority (with headroom), then least recently used, then random among ties. */
  private List<Account> preferred(List<Account> usable, Instant now) {
    Map<Long, Double> rank = new HashMap<>();
    for (Account a : usable) {
      rank.put(a.id(), random.nextDouble());
    }
    List<Account> ordered = new ArrayList<>(usable);
    ordered.sort(
        Comparator.comparingInt((Account a) -> rankPriority(a, now))
            .thenComparing(a -> a.lastUsedAt() == null ? Instant.MIN : a.lastUsedAt())
            .thenComparingDouble(a -> rank.getOrDefault(a.id(), 0.0)));
    return ordered;
  }

  /**
   * The priority selection ranks by: the account's own, doubled, plus one when a usage window its
   * provider reported is at least {@code headroom-threshold} used and not yet reset — after its
   * priority peers, before any worse priority. The gate's claim gets the same number.
   */
  private int rankPriority(Account a, Instant now) {
    QuotaReport quota = a.quota();
    boolean tight = false;
    if (quota != null) {
      for (QuotaWindow w : quota.windows()) {
        if (w.usedPercent() >= settings.headroomThreshold() && w.resetsAt().isAfter(now)) {
          tight = true;
          break;
        }
      }
    }
    return a.priority() * 2 + (tight ? 1 : 0);
  }

  private List<Account> usable(SelectionRequest request, Instant now) {
    List<Account> usable = new ArrayList<>();
    String model = request.model();
    for (Account a : request.candidates()) {
      if (!request.excluded().contains(a.id())
          && a.isSchedulableAt(now)
          && (model == null || (a.supports(model) && !a.cooldowns().modelLimitedAt(model, now)))) {
        usable.add(a);
      }
    }
    return usable;
  }

  private Optional<Selection> claim(
      SelectionRequest request, Account a, @Nullable String bindHash, boolean stickyHit) {
    SlotPool pool = SlotPool.account(a.id());
    Claim claim =
        gate.claim(
            new RequestGate.ClaimRequest(
                request.requestId(),
                pool,
                a.concurrency(),
                settings.slotTtl(),
                request.groupId(),
                a.id(),
                bindHash,
                settings.stickyTtl(),
                a.type().usesOAuth() ? CacheKeys.of(a) : null,
                a.pacing(),
                request.sessionHash()));
    return claim.acquired()
        ? Optional.of(new Acquired(a, pool, stickyHit, claim.token()))
        : Optional.empty();
  }

  private Optional<Selection> stickyChoice(
      SelectionRequest request, String hash, List<Account> usable, Admission admission) {
    Long boundId = admission.stickyAccountId();
    if (boundId == null) {
      return Optional.empty();
    }
    long id = boundId;
    Optional<Account> account = usable.stream().filter(a -> a.id() == id).findFirst();
    if (account.isEmpty()) {
      boolean excludedOnlyForThisRequest = request.excluded().contains(id);
      if (!excludedOnlyForThisRequest) {
        // The bound account is unhealthy or gone: forget the binding so the session moves.
        sticky.drop(request.groupId(), hash);
      }
      return Optional.empty();
    }
    Account a = account.get();
    if (paced(a, admission)) {
      return Optional.empty(); // the session moves for this request; its binding follows
    }
    Optional<Selection> got = claim(request, a, null, true);
    if (got.isPresent()) {
      return got;
    }
    if (admission.load(SlotPool.account(a.id())).waiting() < settings.stickyMaxWaiting()) {
      return Optional.of(
          new Wait(a, settings.stickyWaitTimeout(), settings.stickyMaxWaiting(), true));
    }
    return Optional.empty();
  }

  private NoneAvailable none(SelectionRequest request, Instant now) {
    boolean anyCandidate = false;
    boolean allRateLimited = true;
    @Nullable Instant soonest = null;
    for (Account a : request.candidates()) {
      if (request.excluded().contains(a.id())) {
        continue;
      }
      anyCandidate = true;
      Cooldowns c = a.cooldowns();
      Instant limited = c.rateLimitedUntil();
      String model = request.model();
      if (model != null && c.modelLimitedAt(model, now)) {
        Instant modelLimited = c.modelUntil(model);
        limited =
            limited != null && (modelLimited == null || limited.isAfter(modelLimited))
                ? limited
                : modelLimited;
      }
      if (limited == null || !limited.isAfter(now)) {
        allRateLimited = false;
      }
      for (Instant end : new Instant[] {limited, c.overloadUntil(), c.tempUnschedulableUntil()}) {
        if (end != null && end.isAfter(now) && (soonest == null || end.isBefore(soonest))) {
          soonest = end;
        }
      }
    }
    String reason = anyCandidate ? "no schedulable account in the group" : "no account left to try";
    return new NoneAvailable(reason, anyCandidate && allRateLimited, soonest);
  }

  private static boolean paced(Account a, Admission admission) {
    return admission.load(SlotPool.account(a.id())).paced();
  }

  private static double loadRate(Account a, Admission admission) {
    return ClaimOrder.rate(a.concurrency(), admission.load(SlotPool.account(a.id())));
  }
}
