package io.subgate.concurrency;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Request slots shared by every gateway process (sub2api's concurrency cache). A slot is held by a
 * request id and expires after {@code ttl} even if never released, so a killed function cannot leak
 * it; expiry is judged by the backend's clock, never the caller's.
 *
 * <p>Contract: at most {@code max} unexpired slots per pool; {@link #tryAcquire} is idempotent for
 * a request already holding a slot; {@link #release} is idempotent. Wait counters never go below
 * zero and expire after {@code ttl} of inactivity. Implementations are thread-safe.
 *
 * @throws io.subgate.token.BackendUnavailableException from any method when the backend cannot
 *     answer
 */
public interface ConcurrencySlots {

  /** Takes a slot for {@code requestId} if fewer than {@code max} are held. */
  boolean tryAcquire(SlotPool pool, String requestId, int max, Duration ttl);

  void release(SlotPool pool, String requestId);

  /** Unexpired slots held in the pool. */
  int inUse(SlotPool pool, Duration ttl);

  /**
   * Joins the pool's wait queue as {@code waiterId} unless {@code maxWaiting} are already waiting.
   * A place is a lease of {@code ttl}: a waiter that dies without leaving stops counting then.
   */
  boolean enterWait(SlotPool pool, String waiterId, int maxWaiting, Duration ttl);

  void leaveWait(SlotPool pool, String waiterId);

  /** Slots in use plus waiters, per pool, in one round trip. */
  Map<SlotPool, Load> loads(List<SlotPool> pools, Duration ttl);

  /**
   * Current occupancy of a pool.
   *
   * @param paced the account has reached its pace (requests per minute or sessions) for the request
   *     that asked: passed over like a full one
   */
  record Load(int inUse, int waiting, boolean paced) {
    public Load(int inUse, int waiting) {
      this(inUse, waiting, false);
    }
  }
}
