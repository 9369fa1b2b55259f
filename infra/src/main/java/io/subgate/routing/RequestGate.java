package io.subgate.routing;

import io.subgate.account.Pacing;
import io.subgate.concurrency.ConcurrencySlots.Load;
import io.subgate.concurrency.SlotPool;
import io.subgate.token.CachedToken;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.jspecify.annotations.Nullable;

/**
 * The shared-state work of one gateway request, batched into one round trip per phase so a warm
 * request costs two: {@link #admit} (user slot, sticky binding, candidate loads and, when asked,
 * the account slot with its sticky bind and cached token) and {@link #release}. {@link #claim}
 * takes one account's slot on its own, for a request that waited or whose admit could not claim.
 *
 * <p>Contract: slots taken here are the same slots {@link io.subgate.concurrency.ConcurrencySlots}
 * sees (same limits, same expiry, same release), bindings the same as {@link StickySessions}, and
 * the token the same entry {@link io.subgate.token.TokenCache#get} returns. A failed slot
 * acquisition changes nothing. Thread-safe.
 *
 * @throws io.subgate.token.BackendUnavailableException when the backend cannot answer
 */
public interface RequestGate {

  /** Phase one of a request. */
  Admission admit(Admit request);

  /** Phase two: the slot on the chosen account, taken only if below {@code max}. */
  Claim claim(ClaimRequest request);

  /**
   * Counts {@code requestId} against the account's pace without checking it: for a request that
   * took the account's slot by waiting (the account was below its pace when the wait began).
   */
  void countPace(String requestId, long accountId, Pacing pacing, @Nullable String sessionHash);

  /** Gives back every slot {@code requestId} holds in {@code pools}; idempotent. */
  default void release(String requestId, List<SlotPool> pools) {
    release(requestId, pools, List.of());
  }

  /**
   * Gives back every slot {@code requestId} holds in {@code pools} (idempotent) and, in the same
   * round trip, applies {@code charges}; answers the thresholds this release saw a charged window
   * reach first (80 % and 100 % of its limit, each once per window across every process).
   */
  List<Crossing> release(String requestId, List<SlotPool> pools, List<Charge> charges);

  /**
   * {@link #release(String, List, List)} without waiting for the backend: the stage completes with
   * the crossings once it has answered, or fails with {@link
   * io.subgate.token.BackendUnavailableException}. What completes it may run on the backend's I/O
   * thread: keep it short. The default releases on the caller's thread.
   */
  default CompletionStage<List<Crossing>> releaseAsync(
      String requestId, List<SlotPool> pools, List<Charge> charges) {
    try {
      return CompletableFuture.completedFuture(release(requestId, pools, charges));
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  /** The sum of each window's counters now, in one round trip (what a limit has used). */
  List<Long> sums(List<List<String>> windows);

  /**
   * A counter checked, and counted, in the admit round trip: a limit on requests, tokens or spend.
   * The request is refused when the sum of {@code counters} has reached {@code limit} (0: never);
   * otherwise {@code count} is added to the first of them. Every meter of a request is checked
   * before any is counted, so a refused request counts nowhere. A request that counts its estimate
   * here (a reservation) and settles the real figure at release bounds how far a limit can be
   * passed by one reservation per request in flight, whatever their number.
   *
   * @param counters counter names, the one counted first (several: a rolling window's buckets)
   * @param keep how long the counted counter outlives its last change
   * @param shared when the shared backend cannot answer, refuse rather than count in this process
   *     alone (a budget that must hold across processes)
   */
  record Meter(List<String> counters, long limit, long count, Duration keep, boolean shared) {
    public Meter {
      if (counters.isEmpty()) {
        throw new IllegalArgumentException("a meter has at least one counter");
      }
      counters = List.copyOf(counters);
    }
  }

  /**
   * A settlement of {@code counter} in the release trip: it moves by what the request {@code used}
   * less what its admission {@code counted} there. With a {@code limit}, the sum of {@code window}
   * is compared with it after the change (see {@link #release}).
   */
  record Charge(
      String counter, long used, long counted, Duration keep, List<String> window, long limit) {
    public Charge {
      window = List.copyOf(window);
    }

    /** How the counter moves. */
    public long delta() {
      return used - counted;
    }
  }

  /** A charge's window reached {@code percent} of its limit (the {@code charge}-th, from 0). */
  record Crossing(int charge, int percent) {}

  /**
   * Why an admission was refused by a meter: the {@code meter}-th reached its limit, or ({@code
   * unavailable}) a shared meter could not be checked.
   */
  record Refusal(int meter, boolean unavailable) {}

  /**
   * What a request needs first.
   *
   * @param userPool the user's pool, or null when the user is unlimited
   * @param sessionHash the sticky-session key to read and extend, or null
   * @param loadPools the pools whose occupancy selection ranks by
   * @param claimable when not empty (one per load pool, same order) and the user slot is taken, an
   *     account slot is claimed in the same round trip: the session's bound account first, if it is
   *     one of them (when its slot is full and fewer than {@code stickyMaxWaiting} wait on it,
   *     nothing is claimed: the request should wait for it); otherwise by priority, then load ((in
   *     use + waiting) / max), then list order, skipping full accounts. The claimed account's token
   *     is read and, unless it was the bound account, the session is bound to it.
   * @param stickyMaxWaiting see {@code claimable}
   * @param meters checked first: when one refuses, nothing else is done and {@link
   *     Admission#refusal} says which; otherwise each is counted
   */
  record Admit(
      String requestId,
      @Nullable SlotPool userPool,
      int userMax,
      long groupId,
      @Nullable String sessionHash,
      List<SlotPool> loadPools,
      Duration slotTtl,
      Duration stickyTtl,
      List<Candidate> claimable,
      int stickyMaxWaiting,
      List<Meter> meters) {

    public Admit(
        String requestId,
        @Nullable SlotPool userPool,
        int userMax,
        long groupId,
        @Nullable String sessionHash,
        List<SlotPool> loadPools,
        Duration slotTtl,
        Duration stickyTtl,
        List<Candidate> claimable,
        int stickyMaxWaiting) {
      this(
          requestId,
          userPool,
          userMax,
          groupId,
          sessionHash,
          loadPools,
          slotTtl,
          stickyTtl,
          claimable,
          stickyMaxWaiting,
          List.of());
    }

    public Admit {
      if (!claimable.isEmpty() && claimable.size() != loadPools.size()) {
        throw new IllegalArgumentException("one claimable candidate per load pool, or none");
      }
      loadPools = List.copyOf(loadPools);
      claimable = List.copyOf(claimable);
      meters = List.copyOf(meters);
    }
  }

  /**
   * An account the admit phase may claim.
   *
   * @param max the account's concurrency
   * @param priority lower is preferred
   * @param tokenKey the token-cache entry to read when it is claimed, or null
   * @param pacing its caps: an account at its requests-per-minute cap, or at its session cap for a
   *     session it does not already serve, is passed over like a full one and reported {@link
   *     io.subgate.concurrency.ConcurrencySlots.Load#paced}; the one claimed counts the request
   *     (and the admit's session) against them
   */
  record Candidate(
      long accountId, int max, int priority, @Nullable String tokenKey, Pacing pacing) {
    public Candidate(long accountId, int max, int priority, @Nullable String tokenKey) {
      this(accountId, max, priority, tokenKey, Pacing.NONE);
    }
  }

  /** The account slot an admit claimed; {@code sticky} when it was the session's bound account. */
  record Claimed(long accountId, boolean sticky, @Nullable CachedToken token) {}

  /**
   * @param userSlot whether the user slot was taken (true when no user pool was asked for)
   * @param stickyAccountId the session's bound account, if any
   * @param claimed the account slot taken in the same round trip, if one was asked for and free
   */
  record Admission(
      boolean userSlot,
      @Nullable Long stickyAccountId,
      Map<SlotPool, Load> loads,
      @Nullable Claimed claimed,
      @Nullable Refusal refusal) {

    public Admission {
      loads = Map.copyOf(loads);
    }

    public Admission(
        boolean userSlot,
        @Nullable Long stickyAccountId,
        Map<SlotPool, Load> loads,
        @Nullable Claimed claimed) {
      this(userSlot, stickyAccountId, loads, claimed, null);
    }

    public Admission(boolean userSlot, @Nullable Long stickyAccountId, Map<SlotPool, Load> loads) {
      this(userSlot, stickyAccountId, loads, null);
    }

    /** Refused by a meter: nothing was taken, nothing counted. */
    public static Admission refused(Refusal refusal) {
      return new Admission(false, null, Map.of(), null, refusal);
    }

    public Load load(SlotPool pool) {
      return loads.getOrDefault(pool, new Load(0, 0));
    }
  }

  /**
   * @param bindSessionHash when set and the slot is taken, binds this session to {@code accountId}
   * @param tokenKey when set and the slot is taken, the token-cache entry to read
   * @param pacing the account's caps, checked before the slot and counted with it
   * @param sessionHash the request's session, for the session cap (null: none)
   */
  record ClaimRequest(
      String requestId,
      SlotPool pool,
      int max,
      Duration slotTtl,
      long groupId,
      long accountId,
      @Nullable String bindSessionHash,
      Duration stickyTtl,
      @Nullable String tokenKey,
      Pacing pacing,
      @Nullable String sessionHash) {

    public ClaimRequest(
        String requestId,
        SlotPool pool,
        int max,
        Duration slotTtl,
        long groupId,
        long accountId,
        @Nullable String bindSessionHash,
        Duration stickyTtl,
        @Nullable String tokenKey) {
      this(
          requestId,
          pool,
          max,
          slotTtl,
          groupId,
          accountId,
          bindSessionHash,
          stickyTtl,
          tokenKey,
          Pacing.NONE,
          null);
    }
  }

  /**
   * @param token the cached token, when asked for and present
   */
  record Claim(boolean acquired, @Nullable CachedToken token) {}
}
