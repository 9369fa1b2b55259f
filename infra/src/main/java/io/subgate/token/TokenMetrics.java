package io.subgate.token;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
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
  final Timer wait;
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
    wait = registry.timer("subgate.token.lock.wait");
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
