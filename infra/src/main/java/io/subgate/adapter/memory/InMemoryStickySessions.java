package io.subgate.adapter.memory;

import io.micronaut.context.annotation.Requires;
import io.subgate.routing.StickySessions;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** Process-local {@link StickySessions} for local runs without Redis; time from the clock. */
@Singleton
@Requires(missingProperty = "redis.uri")
public final class InMemoryStickySessions implements StickySessions {
  private record Binding(long accountId, Instant expiresAt) {}

  private final Map<String, Binding> bindings = new HashMap<>();
  private final Clock clock;

  public InMemoryStickySessions(Clock clock) {
    this.clock = clock;
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
    bindings.put(groupId + ":" + sessionHash, new Binding(accountId, clock.instant().plus(ttl)));
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
