package io.subgate.adapter.memory;

import io.subgate.token.Lease;
import io.subgate.token.RefreshLock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Process-local {@link RefreshLock} for local runs with one process; leases expire by the clock.
 */
public final class InMemoryRefreshLock implements RefreshLock {
  private record Held(String owner, Instant expiresAt) {}

  private final ConcurrentMap<String, Held> held = new ConcurrentHashMap<>();
  private final Clock clock;

  public InMemoryRefreshLock(Clock clock) {
    this.clock = clock;
  }

  @Override
  public Optional<Lease> tryAcquire(String key, Duration leaseTime) {
    String owner = UUID.randomUUID().toString();
    Instant now = clock.instant();
    Held mine = new Held(owner, now.plus(leaseTime));
    Held result =
        held.compute(
            key,
            (k, current) -> current == null || !current.expiresAt().isAfter(now) ? mine : current);
    return result == mine ? Optional.of(new Lease(key, owner, "memory")) : Optional.empty();
  }

  @Override
  public boolean release(Lease lease) {
    boolean[] removed = {false};
    held.computeIfPresent(
        lease.key(),
        (k, current) -> {
          if (current.owner().equals(lease.owner())) {
            removed[0] = true;
            return null;
          }
          return current;
        });
    return removed[0];
  }
}
