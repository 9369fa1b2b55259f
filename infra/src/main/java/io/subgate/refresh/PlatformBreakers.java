package io.subgate.refresh;

import io.subgate.account.Platform;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Per-platform breaker for one sweep: after {@code threshold} consecutive provider-wide failures
 * (bad OAuth client, missing configuration, retries exhausted) the sweep stops calling that
 * platform. Accounts are not touched for provider-wide failures. Thread-safe.
 */
final class PlatformBreakers {
  private final int threshold;
  private final Map<Platform, Integer> consecutive = new EnumMap<>(Platform.class);
  private final Set<String> tripped = new TreeSet<>();

  PlatformBreakers(int threshold) {
    this.threshold = Math.max(1, threshold);
  }

  synchronized boolean isOpen(Platform platform) {
    return tripped.contains(platform.wireName());
  }

  synchronized void success(Platform platform) {
    consecutive.put(platform, 0);
  }

  synchronized void failure(Platform platform) {
    int n = consecutive.merge(platform, 1, Integer::sum);
    if (n >= threshold) {
      tripped.add(platform.wireName());
    }
  }

  synchronized void open(Platform platform) {
    tripped.add(platform.wireName());
  }

  synchronized Set<String> trippedPlatforms() {
    return Set.copyOf(tripped);
  }
}
