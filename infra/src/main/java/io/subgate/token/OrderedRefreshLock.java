package io.subgate.token;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tries lock backends in order (Redis, then DynamoDB): a backend that cannot answer hands over to
 * the next; a negative answer ("held by another") is final. Only when every backend is unavailable
 * does {@link #tryAcquire} throw, and the caller then refuses to refresh without a lock.
 */
public final class OrderedRefreshLock implements RefreshLock {
  private static final Logger LOG = LoggerFactory.getLogger(OrderedRefreshLock.class);

  private static final long WARN_EVERY_NANOS = 10_000_000_000L;

  private final List<NamedLock> backends;
  // While a backend is down every refresh attempt fails over; one warning per interval is enough.
  private final Map<String, AtomicLong> lastWarn = new ConcurrentHashMap<>();
  private final Map<String, AtomicLong> suppressed = new ConcurrentHashMap<>();

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
        // The lease carries this lock's name for the backend, so release finds the same backend.
        return backend
            .lock()
            .tryAcquire(key, leaseTime)
            .map(l -> new Lease(l.key(), l.owner(), backend.name()));
      } catch (BackendUnavailableException e) {
        warnThrottled(backend.name(), e);
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

  private void warnThrottled(String backend, BackendUnavailableException e) {
    long now = System.nanoTime();
    AtomicLong last =
        lastWarn.computeIfAbsent(backend, k -> new AtomicLong(now - WARN_EVERY_NANOS));
    AtomicLong skipped = suppressed.computeIfAbsent(backend, k -> new AtomicLong());
    long previous = last.get();
    if (now - previous >= WARN_EVERY_NANOS && last.compareAndSet(previous, now)) {
      Throwable cause = e.getCause();
      LOG.warn(
          "refresh_lock.backend_unavailable backend={} cause={} suppressed_since_last={}",
          backend,
          cause == null ? "unknown" : cause.getClass().getSimpleName() + ": " + cause.getMessage(),
          skipped.getAndSet(0));
    } else {
      skipped.incrementAndGet();
    }
  }

  public List<String> backendNames() {
    return backends.stream().map(NamedLock::name).toList();
  }
}
