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
 * request costs three: {@link #admit} (user slot, sticky binding, candidate loads), {@link #claim}
 * (account slot, sticky bind, cached token) and {@link #release}.
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
  void release(String requestId, List<SlotPool> pools);

  /**
   * What a request needs first.
   *
   * @param userPool the user's pool, or null when the user is unlimited
   * @param sessionHash the sticky-session key to read and extend, or null
   * @param loadPools the pools whose occupancy selection ranks by
   */
  record Admit(
      String requestId,
      @Nullable SlotPool userPool,
      int userMax,
      long groupId,
      @Nullable String sessionHash,
      List<SlotPool> loadPools,
      Duration slotTtl,
      Duration stickyTtl) {}

  /**
   * @param userSlot whether the user slot was taken (true when no user pool was asked for)
   * @param stickyAccountId the session's bound account, if any
   */
  record Admission(boolean userSlot, @Nullable Long stickyAccountId, Map<SlotPool, Load> loads) {

    public Admission {
      loads = Map.copyOf(loads);
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
