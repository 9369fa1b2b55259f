package io.subgate.testing;

import io.subgate.token.PendingRotation;
import io.subgate.token.PendingRotations;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Fake {@link PendingRotations}; held to the same contract as the JDBC adapter. */
public final class InMemoryPendingRotations implements PendingRotations {
  private final Map<Long, PendingRotation> rotations = new ConcurrentHashMap<>();

  @Override
  public void save(PendingRotation rotation) {
    rotations.put(rotation.accountId(), rotation);
  }

  @Override
  public Optional<PendingRotation> find(long accountId) {
    return Optional.ofNullable(rotations.get(accountId));
  }

  @Override
  public void clear(long accountId, long baseVersion) {
    rotations.computeIfPresent(accountId, (k, r) -> r.baseVersion() == baseVersion ? null : r);
  }
}
