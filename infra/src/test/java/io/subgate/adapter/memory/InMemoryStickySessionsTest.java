package io.subgate.adapter.memory;

import io.subgate.routing.StickySessions;
import io.subgate.routing.StickySessionsContract;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
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
}
