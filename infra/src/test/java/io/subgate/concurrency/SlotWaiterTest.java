package io.subgate.concurrency;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.subgate.adapter.memory.InMemoryConcurrencySlots;
import io.subgate.concurrency.ConcurrencySlots.Load;
import io.subgate.concurrency.SlotWaiter.Acquisition;
import io.subgate.concurrency.SlotWaiter.Outcome;
import io.subgate.concurrency.SlotWaiter.Request;
import io.subgate.support.Sleeper;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.threeten.extra.MutableClock;

class SlotWaiterTest {
  private final MutableClock clock =
      MutableClock.of(Instant.parse("2026-11-22T10:00:00Z"), ZoneOffset.UTC);
  private final InMemoryConcurrencySlots slots = new InMemoryConcurrencySlots(clock);
  private final List<Long> sleeps = new ArrayList<>();
  private Runnable onSleep = () -> {};
  private final Sleeper sleeper =
      d -> {
        sleeps.add(d.toMillis());
        clock.add(d);
        onSleep.run();
      };
  private final SlotWaiter waiter = new SlotWaiter(slots, sleeper, () -> 0.5, clock);
  private final SlotPool pool = SlotPool.account(7);

  private Request request(String id, int max, int maxWaiting, Duration timeout) {
    return new Request(
        pool, id, max, maxWaiting, timeout, Duration.ofMinutes(5), Duration.ofSeconds(10));
  }

  private Load load() {
    return slots.loads(List.of(pool), Duration.ofMinutes(5)).getOrDefault(pool, new Load(-1, -1));
  }

  @Test
  void freeSlot_isTakenImmediately_andReleasedExactlyOnce() throws Exception {
    Acquisition a =
        waiter.acquire(request("r1", 1, 5, Duration.ofSeconds(30)), SlotWaiter.WaitListener.NONE);
    assertEquals(Outcome.ACQUIRED, a.outcome());
    assertEquals(Duration.ZERO, a.waited());
    assertTrue(sleeps.isEmpty());
    Slot slot = a.slot();
    assertNotNull(slot);
    assertTrue(slots.tryAcquire(pool, "other-holder", 2, Duration.ofMinutes(5)));
    slot.close();
    slot.close();
    assertEquals(new Load(1, 0), load(), "second close released nothing else");
  }

  @Test
  void fullPool_waitsWithGrowingBackoff_untilASlotFrees() throws Exception {
    slots.tryAcquire(pool, "busy", 1, Duration.ofMinutes(5));
    onSleep =
        () -> {
          if (sleeps.size() == 6) {
            slots.release(pool, "busy");
          }
        };
    Acquisition a =
        waiter.acquire(request("r1", 1, 5, Duration.ofSeconds(30)), SlotWaiter.WaitListener.NONE);
    assertEquals(Outcome.ACQUIRED, a.outcome());
    assertEquals(List.of(100L, 150L, 225L, 337L, 506L, 759L), sleeps);
    assertEquals(Duration.ofMillis(2077), a.waited());
    assertEquals(0, load().waiting(), "queue place given back");
  }

  @Test
  void backoff_isCappedAtTwoSeconds_andTimesOut() throws Exception {
    slots.tryAcquire(pool, "busy", 1, Duration.ofMinutes(5));
    Acquisition a =
        waiter.acquire(request("r1", 1, 5, Duration.ofSeconds(10)), SlotWaiter.WaitListener.NONE);
    assertEquals(Outcome.TIMED_OUT, a.outcome());
    assertNull(a.slot());
    assertTrue(sleeps.stream().allMatch(ms -> ms <= 2000));
    assertTrue(sleeps.contains(2000L));
    assertEquals(10_000L, sleeps.stream().mapToLong(Long::longValue).sum());
    assertEquals(new Load(1, 0), load());
  }

  @Test
  void fullQueue_isRefusedAtOnce() throws Exception {
    slots.tryAcquire(pool, "busy", 1, Duration.ofMinutes(5));
    slots.enterWait(pool, "w1", 1, Duration.ofMinutes(5));
    Acquisition a =
        waiter.acquire(request("r1", 1, 1, Duration.ofSeconds(10)), SlotWaiter.WaitListener.NONE);
    assertEquals(Outcome.QUEUE_FULL, a.outcome());
    assertTrue(sleeps.isEmpty());
    assertEquals(1, load().waiting(), "the other waiter's place is untouched");
  }

  @Test
  void waitingRequests_arePingedEveryInterval() throws Exception {
    slots.tryAcquire(pool, "busy", 1, Duration.ofMinutes(5));
    List<Duration> pings = new ArrayList<>();
    Acquisition a = waiter.acquire(request("r1", 1, 5, Duration.ofSeconds(35)), pings::add);
    assertEquals(Outcome.TIMED_OUT, a.outcome());
    assertEquals(
        List.of(Duration.ofSeconds(10), Duration.ofSeconds(20), Duration.ofSeconds(30)), pings);
  }

  @Test
  void unlimitedPool_takesNoSlotAtAll() throws Exception {
    Acquisition a =
        waiter.acquire(request("r1", 0, 0, Duration.ofSeconds(1)), SlotWaiter.WaitListener.NONE);
    assertEquals(Outcome.ACQUIRED, a.outcome());
    assertEquals(Map.of(pool, new Load(0, 0)), slots.loads(List.of(pool), Duration.ofMinutes(5)));
  }
}
