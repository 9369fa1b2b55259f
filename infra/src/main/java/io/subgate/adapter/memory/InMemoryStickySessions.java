package io.subgate.adapter.memory;

import io.micronaut.context.annotation.Requires;
import io.subgate.routing.StickySessions;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Process-local {@link StickySessions} for local runs without Redis and for a Redis outage; time
 * from the clock. Bounded: at most {@link #MAX_BINDINGS}, the least recently used leaving first,
 * and expired bindings swept every {@link #SWEEP_EVERY} binds, so a long outage under many sessions
 * does not grow the heap without end.
 */
@Singleton
@Requires(missingProperty = "redis.uri")
public final class InMemoryStickySessions implements StickySessions {
  private record Binding(long accountId, Instant expiresAt) {}

  static final int MAX_BINDINGS = 100_000;
  static final int SWEEP_EVERY = 1024;

  private final Map<String, Binding> bindings =
      new LinkedHashMap<>(1024, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Binding> eldest) {
          return size() > max;
        }
      };
  private final int max;
  private int binds;
  private final Clock clock;

  public InMemoryStickySessions(Clock clock) {
    this(clock, MAX_BINDINGS);
  }

  InMemoryStickySessions(Clock clock, int max) {
    this.clock = clock;
    this.max = max;
  }

  @Override
  public synchronized Optional<Long> getAndTouch(long groupId, String sessionHash, Duration ttl) {
    String key = groupId + ":" + sessionHash;
    Binding b = bindings.get(key);
    Instant now = clock.instant();
    if (b == null || !b.expiresAt().isAfter(now)) {
      bindings.remove(key);
      return Optional.empty();
    }
    bindings.put(key, new Binding(b.accountId(), now.plus(ttl)));
    return Optional.of(b.accountId());
  }

  @Override
  public synchronized void bind(long groupId, String sessionHash, long accountId, Duration ttl) {
    Instant now = clock.instant();
    if (++binds % SWEEP_EVERY == 0) {
      bindings.values().removeIf(b -> !b.expiresAt().isAfter(now));
    }
    bindings.put(groupId + ":" + sessionHash, new Binding(accountId, now.plus(ttl)));
  }

  synchronized int size() {
    return bindings.size();
  }

  @Override
  public synchronized void drop(long groupId, String sessionHash) {
    bindings.remove(groupId + ":" + sessionHash);
  }

  @Override
  public synchronized int dropAccount(long accountId) {
    int before = bindings.size();
    bindings.values().removeIf(b -> b.accountId() == accountId);
    return before - bindings.size();
  }
}
