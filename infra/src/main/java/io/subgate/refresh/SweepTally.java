package io.subgate.refresh;

import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** The counters of one sweep; each also increments the matching Micrometer counter. */
final class SweepTally {
  /** What happened to one account. */
  enum Result {
    SCANNED("scanned"),
    DUE("due"),
    REFRESHED("refreshed"),
    ALREADY_FRESH("already_fresh"),
    SKIPPED_LOCKED("skipped_locked"),
    FAILED("failed"),
    DISABLED("disabled"),
    SKIPPED_PLATFORM("skipped_platform"),
    PREWARMED("prewarmed"),
    LOCK_UNAVAILABLE("lock_unavailable");

    final String meter;

    Result(String meter) {
      this.meter = meter;
    }
  }

  private final AtomicInteger[] counts = new AtomicInteger[Result.values().length];
  private final MeterRegistry registry;

  SweepTally(MeterRegistry registry) {
    this.registry = registry;
    for (int i = 0; i < counts.length; i++) {
      counts[i] = new AtomicInteger();
    }
  }

  void count(Result result) {
    counts[result.ordinal()].incrementAndGet();
    registry.counter("subgate.refresher." + result.meter).increment();
  }

  int get(Result result) {
    return counts[result.ordinal()].get();
  }

  SweepReport report(
      List<String> misconfigured, List<String> tripped, boolean complete, long durationMs) {
    return new SweepReport(
        get(Result.SCANNED),
        get(Result.DUE),
        get(Result.REFRESHED),
        get(Result.ALREADY_FRESH),
        get(Result.SKIPPED_LOCKED),
        get(Result.FAILED),
        get(Result.DISABLED),
        get(Result.SKIPPED_PLATFORM),
        get(Result.PREWARMED),
        get(Result.LOCK_UNAVAILABLE),
        misconfigured,
        tripped,
        complete,
        durationMs);
  }
}
