package io.subgate.refresh;

import io.micronaut.context.annotation.Requires;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs {@link RefreshSweep} on a fixed delay inside the local run. */
@Singleton
@Requires(property = "subgate.refresher.in-process", value = "true")
public class InProcessRefreshSchedule {
  private static final Logger LOG = LoggerFactory.getLogger(InProcessRefreshSchedule.class);

  private final RefreshSweep sweep;
  private final AtomicLong runs = new AtomicLong();

  public InProcessRefreshSchedule(RefreshSweep sweep) {
    this.sweep = sweep;
  }

  @Scheduled(initialDelay = "1s", fixedDelay = "${subgate.refresher.interval:5m}")
  void tick() {
    try {
      sweep.run();
    } catch (RuntimeException e) {
      LOG.warn("refresh_sweep.failed error={}", e.getClass().getSimpleName());
    } finally {
      runs.incrementAndGet();
    }
  }

  /** Completed scheduled runs, successful or not. */
  public long runs() {
    return runs.get();
  }
}
