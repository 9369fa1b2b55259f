package io.subgate.token;

import java.util.Optional;

/**
 * Durable parking for rotated credentials between the provider's answer and the account write.
 * Written only by the holder of the account's refresh lock; at most one record per account (a newer
 * save replaces the older). Stored encrypted, like account credentials. Thread-safe.
 */
public interface PendingRotations {

  /** Stores or replaces the account's pending rotation. */
  void save(PendingRotation rotation);

  Optional<PendingRotation> find(long accountId);

  /** Removes the record if it still has {@code baseVersion}; a newer record is kept. */
  void clear(long accountId, long baseVersion);
}
