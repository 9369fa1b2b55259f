package io.subgate.gateway.admission;

import io.micrometer.core.instrument.MeterRegistry;
import io.subgate.alert.Alert;
import io.subgate.alert.AlertDispatcher;
import io.subgate.pricing.Usd;
import io.subgate.support.DaemonThreads;
import io.subgate.tenancy.AuditLog;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A budget's window reaching 80 % or 100 % of its limit — told once per window across every process
 * (the gate's release keeps a flag per threshold): logged, counted in {@code
 * subgate_budget_crossings_total{owner, window, percent}}, and recorded in the audit log as {@code
 * budget.crossed_80} / {@code budget.crossed_100} by actor {@code gateway}, and told to the
 * operator's webhooks ({@code budget.crossed}) — all by a thread of its own, so the request path
 * never waits on the database or a receiver.
 */
@Singleton
public final class BudgetEvents {
  private static final Logger LOG = LoggerFactory.getLogger(BudgetEvents.class);

  private final MeterRegistry registry;
  private final AuditLog audit;
  private final ThreadPoolExecutor writer =
      new ThreadPoolExecutor(
          1,
          1,
          0,
          TimeUnit.SECONDS,
          new ArrayBlockingQueue<>(1_000),
          DaemonThreads.named("budget-events"));

  private final AlertDispatcher alerts;
  private final Clock clock;

  public BudgetEvents(MeterRegistry registry, AuditLog audit, AlertDispatcher alerts, Clock clock) {
    this.registry = registry;
    this.audit = audit;
    this.alerts = alerts;
    this.clock = clock;
  }

  void crossed(RequestLimits.Limit limit, int percent) {
    String window = Objects.requireNonNull(limit.window()).wireName();
    String owner = limit.owner().wireName();
    String limitUsd = Usd.fromMicros(limit.meter().limit()).toPlainString();
    LOG.warn(
        "budget.crossed owner={} window={} percent={} limit_usd={}",
        owner,
        window,
        percent,
        limitUsd);
    registry
        .counter(
            "subgate.budget.crossings",
            "owner",
            limit.owner().kind().wireName(),
            "window",
            window,
            "percent",
            Integer.toString(percent))
        .increment();
    String detail =
        "{\"window\":\""
            + window
            + "\",\"percent\":"
            + percent
            + ",\"limit_usd\":"
            + limitUsd
            + ",\"resets_at\":\""
            + limit.resets()
            + "\"}";
    try {
      writer.execute(
          () -> {
            try {
              audit.record("gateway", "budget.crossed_" + percent, owner, null, detail);
              alerts.raise(
                  new Alert(
                      "budget.crossed:" + owner + ":" + window + ":" + percent,
                      "budget.crossed",
                      true,
                      "the "
                          + window
                          + " budget of "
                          + owner
                          + " ($"
                          + limitUsd
                          + ") is "
                          + percent
                          + " % spent; it resets at "
                          + limit.resets(),
                      clock.instant()));
            } catch (RuntimeException e) {
              LOG.warn("budget.event_not_recorded error={}", e.getClass().getSimpleName());
            }
          });
    } catch (RejectedExecutionException e) {
      LOG.warn("budget.event_dropped owner={} window={} percent={}", owner, window, percent);
    }
  }

  @PreDestroy
  void stop() {
    writer.shutdown();
  }
}
