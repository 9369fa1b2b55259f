package io.subgate.refresher;

import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import io.micronaut.context.ApplicationContextBuilder;
import io.micronaut.function.aws.MicronautRequestHandler;
import io.subgate.refresh.RefreshSweep;
import io.subgate.refresh.SweepReport;
import jakarta.inject.Inject;

/**
 * Lambda entry for the EventBridge schedule. The event payload is informational: any event runs one
 * sweep, and the sweep's summary is the result.
 */
public class RefreshHandler extends MicronautRequestHandler<ScheduledEvent, SweepReport> {

  // Field injection is how MicronautRequestHandler wires its subclass; it must not be private.
  @Inject RefreshSweep sweep;

  public RefreshHandler() {
    super();
  }

  /** For tests: a handler over a context the caller configured. */
  public RefreshHandler(ApplicationContextBuilder builder) {
    super(builder);
  }

  @Override
  public SweepReport execute(ScheduledEvent input) {
    return sweep.run();
  }
}
