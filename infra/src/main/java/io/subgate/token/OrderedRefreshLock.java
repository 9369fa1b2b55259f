package io.subgate.token;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tries lock backends in order (Redis, then DynamoDB): a backend that cannot answer hands over to
 * the next; a negative answer ("held by another") is final. Only when every backend is unavailable
 * does {@link #tryAcquire} throw, and the caller then refuses to refresh without a lock.
 */
public final class OrderedRefreshLock implements RefreshLock {
  private static final Logger LOG = LoggerFactory.getLogger(OrderedRefreshLock.class);

  private final List<NamedLock> backends;

  /** A backend and the name its leases carry. */
  public record NamedLock(String name, RefreshLock lock) {}

  public OrderedRefreshLock(List<NamedLock> backends) {
    if (backends.isEmpty()) {
      throw new IllegalArgumentException("at least one lock backend is required");
    }
    this.backends = List.copyOf(backends);
  }

  @Override
  public Optional<Lease> tryAcquire(String key, Duration leaseTime) {
    BackendUnavailableException last = null;
    for (NamedLock backend : backends) {
      try {
        return backend.lock().tryAcquire(key, leaseTime);
      } catch (BackendUnavailableException e) {
        Throwable cause = e.getCause();
        LOG.warn(
            "refresh_lock.backend_unavailable backend={} cause={}",
            backend.name(),
            cause == null
                ? "unknown"
                : cause.getClass().getSimpleName() + ": " + cause.getMessage());
        last = e;
      }
    }
    throw last == null ? new IllegalStateException("no lock backend answered") : last;
  }

  @Override
  public boolean release(Lease lease) {
    for (NamedLock backend : backends) {
      if (backend.name().equals(lease.backend())) {
        return backend.lock().release(lease);
      }
    }
    return false;
  }

  public List<String> backendNames() {
    return backends.stream().map(NamedLock::name).toList();
  }
}
