package io.subgate.gateway.proxy;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.subgate.gateway.dialect.UpstreamFailure;
import io.subgate.gateway.protocol.Route;
import jakarta.inject.Singleton;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/**
 * Request-path figures: requests by route, status, platform and account; upstream failures by
 * class, in-place retries, account switches, forced refreshes; slot waits.
 */
@Singleton
public final class ProxyMetrics {
  private final Map<UpstreamFailure.Kind, Counter> failures =
      new EnumMap<>(UpstreamFailure.Kind.class);
  private final Counter sameAccountRetries;
  private final Counter switches;
  private final Counter forcedRefreshes;
  private final MeterRegistry registry;

  public ProxyMetrics(MeterRegistry registry) {
    this.registry = registry;
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

  public void failure(UpstreamFailure.Kind kind) {
    Counter c = failures.get(kind);
    if (c != null) {
      c.increment();
    }
  }

  public void sameAccountRetry() {
    sameAccountRetries.increment();
  }

  public void accountSwitch() {
    switches.increment();
  }

  /**
   * One answered request: its route, final status, and the platform and account that answered
   * ({@code none} when the gateway answered itself).
   */
  public void request(Route route, int status, String platform, String account) {
    // Why a map of our own: the registry's lookup builds and sorts a tag list per call, which the
    // profile put at 2 % of a request's CPU; the counters themselves are the registry's.
    requests
        .computeIfAbsent(
            new RequestKey(route, status, platform, account),
            k ->
                registry.counter(
                    "subgate.requests",
                    "route",
                    route.name().toLowerCase(Locale.ROOT),
                    "status",
                    Integer.toString(status),
                    "platform",
                    platform,
                    "account",
                    account))
        .increment();
  }

  private record RequestKey(Route route, int status, String platform, String account) {}

  private final Map<RequestKey, Counter> requests = new java.util.concurrent.ConcurrentHashMap<>();

  /** A request waited for a slot of {@code pool} ({@code user} or {@code account}). */
  public void slotWait(String pool, boolean got) {
    registry
        .counter("subgate.slot.waits", "pool", pool, "outcome", got ? "acquired" : "gave_up")
        .increment();
  }

  public void forcedRefresh() {
    forcedRefreshes.increment();
  }

  public double switches() {
    return switches.count();
  }

  public double sameAccountRetries() {
    return sameAccountRetries.count();
  }
}
