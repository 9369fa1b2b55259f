package io.subgate.adapter.memory;

import io.micronaut.context.annotation.Requires;
import io.subgate.tenancy.FailedAuthentications;
import jakarta.inject.Singleton;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@link FailedAuthentications} of one process (no Redis, or Redis out of reach): bounded; when
 * full, the counts of windows before the newest one recorded are dropped.
 */
@Singleton
@Requires(missingProperty = "redis.uri")
public final class InMemoryFailedAuthentications implements FailedAuthentications {
  static final int MAX_ENTRIES = 65_536;

  private record Key(String scope, String address, long window) {}

  private final Map<Key, AtomicLong> counts = new ConcurrentHashMap<>();

  @Override
  public long record(String scope, String address, long window, long windowSeconds) {
    if (counts.size() >= MAX_ENTRIES) {
      counts.keySet().removeIf(k -> k.window() < window);
      if (counts.size() >= MAX_ENTRIES) {
        counts.clear();
      }
    }
    return counts
        .computeIfAbsent(new Key(scope, address, window), k -> new AtomicLong())
        .incrementAndGet();
  }
}
