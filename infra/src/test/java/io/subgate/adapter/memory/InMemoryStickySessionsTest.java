package io.subgate.adapter.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.subgate.routing.StickySessions;
import io.subgate.routing.StickySessionsContract;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.threeten.extra.MutableClock;

class InMemoryStickySessionsTest extends StickySessionsContract {
  private final MutableClock clock =
      MutableClock.of(Instant.parse("2026-11-22T10:00:00Z"), ZoneOffset.UTC);
  private final InMemoryStickySessions sessions = new InMemoryStickySessions(clock);

  @Override
  protected StickySessions sessions() {
    return sessions;
  }

  @Override
  protected void pass(Duration ttl) {
    clock.add(ttl);
  }

  @Test
  void theMapIsBounded_theLeastRecentlyUsedLeavingFirst() {
    InMemoryStickySessions small = new InMemoryStickySessions(clock, 100);
    Duration hour = Duration.ofHours(1);
    small.bind(1, "kept", 7, hour);
    for (int i = 0; i < 1_000; i++) {
      small.bind(1, "s" + i, 1, hour);
      small.getAndTouch(1, "kept", hour); // in use: never the eldest
    }
    assertEquals(100, small.size());
    assertEquals(Optional.of(7L), small.getAndTouch(1, "kept", hour));
    assertEquals(Optional.empty(), small.getAndTouch(1, "s0", hour), "the oldest left");
  }

  @Test
  void expiredBindings_areSweptAsNewOnesCome() {
    InMemoryStickySessions map = new InMemoryStickySessions(clock, 1_000_000);
    for (int i = 0; i < 500; i++) {
      map.bind(1, "old" + i, 1, Duration.ofMinutes(1));
    }
    clock.add(Duration.ofMinutes(2));
    for (int i = 0; i < InMemoryStickySessions.SWEEP_EVERY; i++) {
      map.bind(1, "new" + i, 1, Duration.ofHours(1));
    }
    assertTrue(
        map.size() <= InMemoryStickySessions.SWEEP_EVERY, "expired ones swept: " + map.size());
  }
}
