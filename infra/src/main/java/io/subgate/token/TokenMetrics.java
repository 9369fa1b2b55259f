package io.subgate.token;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Singleton;

/** The token lifecycle's runtime figures (sub2api's OpenAITokenRuntimeMetrics, as meters). */
@Singleton
public final class TokenMetrics {
  final Counter refreshRequests;
  final Counter refreshSuccess;
  final Counter refreshFailure;
  final Counter lockContention;
  final Counter lockUnavailable;
  final Counter waitHit;
  final Counter waitMiss;
  final DistributionSummary waitMillis;
  final Counter raceRecovered;
  final Counter rotationRecovered;
  final Counter cacheHit;
  final Counter cacheMiss;

  public TokenMetrics(MeterRegistry registry) {
    refreshRequests = registry.counter("subgate.token.refresh.requests");
    refreshSuccess = registry.counter("subgate.token.refresh.success");
    refreshFailure = registry.counter("subgate.token.refresh.failure");
    lockContention = registry.counter("subgate.token.lock.contention");
    lockUnavailable = registry.counter("subgate.token.lock.unavailable");
    waitHit = registry.counter("subgate.token.lock.wait.hit");
    waitMiss = registry.counter("subgate.token.lock.wait.miss");
    waitMillis =
        DistributionSummary.builder("subgate.token.lock.wait.ms")
            .baseUnit("milliseconds")
            .register(registry);
    raceRecovered = registry.counter("subgate.token.refresh.race_recovered");
    rotationRecovered = registry.counter("subgate.token.refresh.rotation_recovered");
    cacheHit = registry.counter("subgate.token.cache", "result", "hit");
    cacheMiss = registry.counter("subgate.token.cache", "result", "miss");
  }

  public double refreshRequests() {
    return refreshRequests.count();
  }

  public double lockContention() {
    return lockContention.count();
  }

  public double waitHits() {
    return waitHit.count();
  }
}
