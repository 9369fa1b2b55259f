package io.subgate.concurrency;

import io.subgate.support.Backoff;
import io.subgate.support.RandomSource;
import io.subgate.support.Sleeper;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * Takes a slot, waiting when the pool is full (seed 004): one immediate try, then a place in the
 * pool's bounded wait queue and retries with backoff 100 ms × 1.5 up to 2 s (±20 % jitter, clamped
 * to [100 ms, 2 s]) until the wait timeout. While waiting, the listener is told every ping interval
 * (streaming requests send an SSE ping). The queue place is always given back.
 */
@Singleton
public final class SlotWaiter {
  /** A waiter's place outlives its wait by this much, so a live waiter never loses it. */
  static final Duration WAIT_MARGIN = Duration.ofSeconds(5);

  static final Backoff BACKOFF =
      new Backoff(Duration.ofMillis(100), 1.5, Duration.ofSeconds(2), 0.2);

  private final ConcurrencySlots slots;
  private final Sleeper sleeper;
  private final RandomSource random;
  private final Clock clock;

  public SlotWaiter(ConcurrencySlots slots, Sleeper sleeper, RandomSource random, Clock clock) {
    this.slots = slots;
    this.sleeper = sleeper;
    this.random = random;
    this.clock = clock;
  }

  /** How a wait ended. */
  public enum Outcome {
    ACQUIRED,
    QUEUE_FULL,
    TIMED_OUT
  }

  /**
   * The result; {@code slot} is present only when acquired.
   *
   * @param waited time spent waiting (zero for an immediate slot)
   */
  public record Acquisition(Outcome outcome, @Nullable Slot slot, Duration waited) {}

  /** Called while a request waits. */
  @FunctionalInterface
  public interface WaitListener {
    void stillWaiting(Duration waited);

    WaitListener NONE = waited -> {};
  }

  /** What to wait for, and how. */
  public record Request(
      SlotPool pool,
      String requestId,
      int max,
      int maxWaiting,
      Duration timeout,
      Duration slotTtl,
      Duration pingInterval) {}

  public Acquisition acquire(Request r, WaitListener listener) throws InterruptedException {
    if (r.max() <= 0) {
      return new Acquisition(Outcome.ACQUIRED, Slot.unlimited(), Duration.ZERO);
    }
    if (slots.tryAcquire(r.pool(), r.requestId(), r.max(), r.slotTtl())) {
      return new Acquisition(Outcome.ACQUIRED, slot(r), Duration.ZERO);
    }
    if (!slots.enterWait(r.pool(), r.requestId(), r.maxWaiting(), r.timeout().plus(WAIT_MARGIN))) {
      return new Acquisition(Outcome.QUEUE_FULL, null, Duration.ZERO);
    }
    Instant start = clock.instant();
    Instant deadline = start.plus(r.timeout());
    Instant nextPing = start.plus(r.pingInterval());
    int attempt = 0;
    try {
      while (true) {
        Duration left = Duration.between(clock.instant(), deadline);
        if (left.isNegative() || left.isZero()) {
          return new Acquisition(Outcome.TIMED_OUT, null, Duration.between(start, clock.instant()));
        }
        Duration pause = clamped(BACKOFF.delay(++attempt, random));
        Duration untilPing = Duration.between(clock.instant(), nextPing);
        sleeper.sleep(min(pause, min(left, untilPing.isNegative() ? Duration.ZERO : untilPing)));
        if (!clock.instant().isBefore(nextPing)) {
          listener.stillWaiting(Duration.between(start, clock.instant()));
          nextPing = nextPing.plus(r.pingInterval());
        }
        if (slots.tryAcquire(r.pool(), r.requestId(), r.max(), r.slotTtl())) {
          return new Acquisition(
              Outcome.ACQUIRED, slot(r), Duration.between(start, clock.instant()));
        }
      }
    } finally {
      slots.leaveWait(r.pool(), r.requestId());
    }
  }

  private Slot slot(Request r) {
    return Slot.held(() -> slots.release(r.pool(), r.requestId()));
  }

  /** The jittered delay kept within [initial, max], as sub2api clamps it. */
  private static Duration clamped(Duration d) {
    long ms =
        Math.max(BACKOFF.initial().toMillis(), Math.min(BACKOFF.max().toMillis(), d.toMillis()));
    return Duration.ofMillis(ms);
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }
}
