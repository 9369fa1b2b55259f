package io.subgate.token;

import java.time.Duration;
import java.util.Optional;

/**
 * Cross-process mutual exclusion for token refreshes, so that normally one process calls the
 * provider per expiry. It is an efficiency measure: correctness comes from the credentials
 * compare-and-set, which fences out a holder whose lease expired.
 *
 * <p>Contract: at most one unexpired lease per key; a lease expires {@code leaseTime} after it was
 * granted and may then be taken by another caller; only the owner's {@link #release} removes it.
 * Implementations are thread-safe.
 */
public interface RefreshLock {

  /**
   * Takes the lease if nobody holds an unexpired one.
   *
   * @return the lease, or empty when another owner holds it
   * @throws BackendUnavailableException when the lock backend cannot answer
   */
  Optional<Lease> tryAcquire(String key, Duration leaseTime);

  /**
   * Releases the lease if it is still this owner's; a no-op when it expired and someone else took
   * it.
   *
   * @return true when this call removed the lease
   */
  boolean release(Lease lease);
}
