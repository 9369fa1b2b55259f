package io.subgate.routing;

import io.subgate.concurrency.ConcurrencySlots.Load;
import io.subgate.concurrency.SlotPool;
import io.subgate.token.CachedToken;
import java.time.Duration;
import java.util.List;
import java.util.Map;
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

  /** Gives back every slot {@code requestId} holds in {@code pools}; idempotent. */
  default void release(String requestId, List<SlotPool> pools) {
    release(requestId, pools, null);
  }

  /**
   * Gives back every slot {@code requestId} holds in {@code pools} (idempotent) and, in the same
   * round trip, charges the request's tokens to its key's day when {@code charge} is given.
   */
  void release(String requestId, List<SlotPool> pools, @Nullable KeyCharge charge);

  /**
   * A key's own limits, checked (and its request counted) in the admit round trip. An admitted
   * request reserves {@code reserve} tokens of the day at once, so requests in flight count against
   * the limit before they finish: the day's count is refused once it reaches the limit, and how far
   * it can pass it is bounded by one request's reservation, not by how many run at the same time.
   *
   * @param requestsPerMinute 0 for none
   * @param tokensPerDay 0 for none
   * @param minute the current UTC epoch minute (the request counter's window)
   * @param day the current UTC epoch day (the token counter's window)
   * @param reserve tokens counted at admission (its input and output estimate), settled at release
   */
  record KeyLimit(
      long apiKeyId,
      int requestsPerMinute,
      long tokensPerDay,
      long minute,
      long day,
      long reserve) {
    public KeyLimit(
        long apiKeyId, int requestsPerMinute, long tokensPerDay, long minute, long day) {
      this(apiKeyId, requestsPerMinute, tokensPerDay, minute, day, 0);
    }
  }

  /**
   * Tokens a request used, charged to its key's UTC {@code day}: the day's count moves by {@code
   * tokens - reserved} (its admission already counted {@code reserved}).
   */
  record KeyCharge(long apiKeyId, long day, long tokens, long reserved) {
    public KeyCharge(long apiKeyId, long day, long tokens) {
      this(apiKeyId, day, tokens, 0);
    }

    /** How the day's count moves at release. */
    public long settlement() {
      return tokens - reserved;
    }
  }

  /** Which of a key's own limits refused the request, if one did. */
  enum KeyLimited {
    NONE,
    REQUESTS_PER_MINUTE,
    TOKENS_PER_DAY
  }

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
   * @param keyLimit the key's own limits: when one is reached nothing else is done and {@link
   *     Admission#keyLimited} says which; otherwise the request is counted
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
      @Nullable KeyLimit keyLimit) {

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
          null);
    }

    public Admit {
      if (!claimable.isEmpty() && claimable.size() != loadPools.size()) {
        throw new IllegalArgumentException("one claimable candidate per load pool, or none");
      }
      loadPools = List.copyOf(loadPools);
      claimable = List.copyOf(claimable);
    }
  }

  /**
   * An account the admit phase may claim.
   *
   * @param max the account's concurrency
   * @param priority lower is preferred
   * @param tokenKey the token-cache entry to read when it is claimed, or null
   */
  record Candidate(long accountId, int max, int priority, @Nullable String tokenKey) {}

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
      KeyLimited keyLimited) {

    public Admission {
      loads = Map.copyOf(loads);
    }

    public Admission(
        boolean userSlot,
        @Nullable Long stickyAccountId,
        Map<SlotPool, Load> loads,
        @Nullable Claimed claimed) {
      this(userSlot, stickyAccountId, loads, claimed, KeyLimited.NONE);
    }

    public Admission(boolean userSlot, @Nullable Long stickyAccountId, Map<SlotPool, Load> loads) {
      this(userSlot, stickyAccountId, loads, null);
    }

    /** Refused by one of the key's own limits: nothing was taken. */
    public static Admission limited(KeyLimited which) {
      return new Admission(false, null, Map.of(), null, which);
    }

    public Load load(SlotPool pool) {
      return loads.getOrDefault(pool, new Load(0, 0));
    }
  }

  /**
   * @param bindSessionHash when set and the slot is taken, binds this session to {@code accountId}
   * @param tokenKey when set and the slot is taken, the token-cache entry to read
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
      @Nullable String tokenKey) {}

  /**
   * @param token the cached token, when asked for and present
   */
  record Claim(boolean acquired, @Nullable CachedToken token) {}
}
