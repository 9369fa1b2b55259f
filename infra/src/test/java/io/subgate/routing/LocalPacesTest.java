package io.subgate.routing;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.subgate.account.Pacing;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.threeten.extra.MutableClock;

/** The in-process paces as time passes (the shared rules are in {@link RequestGateContract}). */
class LocalPacesTest {
  private final MutableClock clock =
      MutableClock.of(Instant.parse("2026-12-03T10:00:00Z"), ZoneOffset.UTC);
  private final LocalPaces paces = new LocalPaces(clock);

  @Test
  void theRequestsPerMinuteWindowRolls() {
    Pacing pacing = new Pacing(2, 0, Duration.ofMinutes(5), null);
    paces.count(1, pacing, "r1", null);
    clock.add(Duration.ofSeconds(30));
    paces.count(1, pacing, "r2", null);
    assertTrue(paces.full(1, pacing, null));
    assertFalse(paces.full(2, pacing, null), "per account");
    clock.add(Duration.ofSeconds(31));
    assertFalse(paces.full(1, pacing, null), "the first request left the minute");
    paces.count(1, pacing, "r3", null);
    assertTrue(paces.full(1, pacing, null));
  }

  @Test
  void aSessionCountsUntilItsIdleTimeAfterItsLastRequest() {
    Pacing pacing = new Pacing(0, 1, Duration.ofMinutes(5), null);
    paces.count(1, pacing, "r1", "a");
    assertTrue(paces.full(1, pacing, "b"));
    assertFalse(paces.full(1, pacing, "a"), "its own session");
    clock.add(Duration.ofMinutes(4));
    paces.count(1, pacing, "r2", "a");
    clock.add(Duration.ofMinutes(4));
    assertTrue(paces.full(1, pacing, "b"), "a's last request was 4 minutes ago");
    clock.add(Duration.ofMinutes(2));
    assertFalse(paces.full(1, pacing, "b"), "a has been idle 6 minutes: its place is free");
  }

  @Test
  void withoutCapsNothingIsEverFull() {
    paces.count(1, Pacing.NONE, "r1", "a");
    assertFalse(paces.full(1, Pacing.NONE, "b"));
  }
}
