package io.subgate.gateway.proxy;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Singleton;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/** Failover figures: upstream failures by class, in-place retries, account switches. */
@Singleton
public final class ProxyMetrics {
  private final Map<UpstreamFailure.Kind, Counter> failures =
      new EnumMap<>(UpstreamFailure.Kind.class);
  private final Counter sameAccountRetries;
  private final Counter switches;
  private final Counter forcedRefreshes;

  public ProxyMetrics(MeterRegistry registry) {
    for (UpstreamFailure.Kind kind : UpstreamFailure.Kind.values()) {
      failures.put(
          kind,
          registry.counter(
              "subgate.proxy.upstream.failures", "class", kind.name().toLowerCase(Locale.ROOT)));
    }
    sameAccountRetries = registry.counter("subgate.proxy.retries.same_account");
    switches = registry.counter("subgate.proxy.account_switches");
    forcedRefreshes = registry.counter("subgate.proxy.token.forced_refreshes");
  }

  void failure(UpstreamFailure.Kind kind) {
    Counter c = failures.get(kind);
    if (c != null) {
      c.increment();
    }
  }

  void sameAccountRetry() {
    sameAccountRetries.increment();
  }

  void accountSwitch() {
    switches.increment();
  }

  void forcedRefresh() {
    forcedRefreshes.increment();
  }

  double switches() {
    return switches.count();
  }

  double sameAccountRetries() {
    return sameAccountRetries.count();
  }
}
