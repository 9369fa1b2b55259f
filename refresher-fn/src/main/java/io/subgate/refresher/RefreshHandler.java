package io.subgate.refresher;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import io.micronaut.context.ApplicationContextBuilder;
import io.micronaut.function.aws.MicronautRequestHandler;
import io.subgate.config.LambdaContexts;
import io.subgate.refresh.RefreshSweep;
import io.subgate.refresh.SweepReport;
import io.subgate.support.Deadline;
import io.subgate.support.EmbeddedMetrics;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Lambda entry for the EventBridge schedule. The event payload is informational: any event runs one
 * sweep, bounded by the invocation's remaining time less a safety margin, and the sweep's summary
 * is the result. Nothing runs after the handler returns.
 */
public class RefreshHandler extends MicronautRequestHandler<ScheduledEvent, SweepReport> {
  static final Duration SAFETY = Duration.ofSeconds(10);

  // Field injection is how MicronautRequestHandler wires its subclass; it must not be private.
  @Inject RefreshSweep sweep;
  @Inject Clock clock;

  public RefreshHandler() {
    super();
  }

  /** The Lambda context: {@link LambdaContexts#builder()} (no eager singletons). */
  @Override
  protected ApplicationContextBuilder newApplicationContextBuilder() {
    return LambdaContexts.builder();
  }

  /** For tests: a handler over a context the caller configured. */
  public RefreshHandler(ApplicationContextBuilder builder) {
    super(builder);
  }

  @Override
  public SweepReport execute(ScheduledEvent input) {
    // The runtime registers the invocation's Context as a bean before calling execute.
    Optional<Context> lambda = getApplicationContext().findBean(Context.class);
    SweepReport report;
    if (lambda.isEmpty()) {
      report = sweep.run();
    } else {
      Duration remaining = Duration.ofMillis(lambda.get().getRemainingTimeInMillis()).minus(SAFETY);
      report = sweep.run(Deadline.after(remaining.isNegative() ? Duration.ZERO : remaining, clock));
    }
    // One EMF line: CloudWatch makes the sweep's figures metrics (namespace Subgate).
    System.out.println(emf(report, clock));
    return report;
  }

  static String emf(SweepReport r, Clock clock) {
    Map<String, Integer> values = new LinkedHashMap<>();
    values.put("SweepScanned", r.scanned());
    values.put("SweepDue", r.due());
    values.put("SweepRefreshed", r.refreshed());
    values.put("SweepFailed", r.failed());
    values.put("SweepDisabled", r.disabled());
    values.put("SweepSkippedLocked", r.skippedLocked());
    values.put("SweepLockUnavailable", r.lockUnavailable());
    values.put("SweepPrewarmed", r.prewarmed());
    return EmbeddedMetrics.line(clock.instant(), Map.of("Function", "refresher"), values, Map.of());
  }
}
