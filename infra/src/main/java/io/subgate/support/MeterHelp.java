package io.subgate.support;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.config.MeterFilter;
import jakarta.inject.Singleton;
import java.util.Map;

/**
 * Every Subgate meter's help text, in one catalog that the exposition carries as {@code # HELP}
 * (Prometheus' linter wants one per metric). Applied to each registry as a filter, so the code that
 * counts names a meter and nothing more.
 */
@Singleton
public final class MeterHelp implements MeterFilter {
  static final Map<String, String> HELP =
      Map.ofEntries(
          Map.entry("subgate.requests", "Requests answered, by route, final status and account"),
          Map.entry(
              "subgate.proxy.upstream.failures", "Failed upstream attempts, by failure class"),
          Map.entry("subgate.proxy.retries.same_account", "In-place retries on the same account"),
          Map.entry("subgate.proxy.account_switches", "Requests moved to another account"),
          Map.entry(
              "subgate.proxy.token.forced_refreshes",
              "Refreshes forced by an upstream 401 on a token that looked valid"),
          Map.entry("subgate.slot.waits", "Waits for a user or account slot, by outcome"),
          Map.entry("subgate.usage.rows", "Usage rows written, retried one by one, spooled, lost"),
          Map.entry("subgate.token.refresh.requests", "Token refreshes asked of a provider"),
          Map.entry("subgate.token.refresh.success", "Token refreshes that succeeded"),
          Map.entry("subgate.token.refresh.failure", "Token refreshes that failed"),
          Map.entry(
              "subgate.token.refresh.race_recovered",
              "Refreshes that found another process's newer credentials instead"),
          Map.entry(
              "subgate.token.refresh.rotation_recovered",
              "Rotated refresh tokens recovered from the write-ahead record"),
          Map.entry("subgate.token.lock.contention", "Refresh-lock attempts that found it held"),
          Map.entry("subgate.token.lock.unavailable", "Refresh-lock attempts whose backend failed"),
          Map.entry("subgate.token.lock.wait.hit", "Waits on a held lock that got the new token"),
          Map.entry("subgate.token.lock.wait.miss", "Waits on a held lock that ran out"),
          Map.entry("subgate.token.lock.wait", "Time spent waiting on another process's refresh"),
          Map.entry("subgate.token.cache", "Token cache reads, by hit or miss"),
          Map.entry("subgate.refresher.scanned", "Accounts the sweep read"),
          Map.entry("subgate.refresher.due", "Accounts whose token was due"),
          Map.entry("subgate.refresher.refreshed", "Accounts the sweep refreshed"),
          Map.entry("subgate.refresher.already_fresh", "Due accounts another process refreshed"),
          Map.entry("subgate.refresher.skipped_locked", "Accounts skipped as their lock was held"),
          Map.entry("subgate.refresher.failed", "Accounts whose refresh failed"),
          Map.entry("subgate.refresher.disabled", "Accounts put in error by a refusal"),
          Map.entry(
              "subgate.refresher.skipped_platform",
              "Accounts of a misconfigured or failing platform"),
          Map.entry("subgate.refresher.prewarmed", "Tokens written to the cache ahead of requests"),
          Map.entry("subgate.refresher.lock_unavailable", "Accounts skipped as no lock answered"),
          Map.entry("subgate.retention.purged", "Usage and audit rows deleted past retention"),
          Map.entry("http.server.requests", "HTTP requests served, by method, route and status"),
          Map.entry("executor", "Time tasks ran on the server's executors"));

  @Override
  public Meter.Id map(Meter.Id id) {
    String help = id.getDescription() == null ? HELP.get(id.getName()) : null;
    return help == null
        ? id
        : new Meter.Id(id.getName(), Tags.of(id.getTags()), id.getBaseUnit(), help, id.getType());
  }
}
