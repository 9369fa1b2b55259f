package io.subgate.adapter.memory;

import io.subgate.concurrency.ConcurrencySlots;
import io.subgate.concurrency.ConcurrencySlotsContract;
import io.subgate.concurrency.SlotPool;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.threeten.extra.MutableClock;

class InMemoryConcurrencySlotsTest extends ConcurrencySlotsContract {
  private final MutableClock clock =
      MutableClock.of(Instant.parse("2026-11-22T10:00:00Z"), ZoneOffset.UTC);
  private final InMemoryConcurrencySlots slots = new InMemoryConcurrencySlots(clock);

  @Override
  protected ConcurrencySlots slots() {
    return slots;
  }

  @Override
  protected void letExpire(SlotPool pool, Duration ttl) {
    clock.add(ttl);
  }
}
