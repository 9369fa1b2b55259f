package io.subgate.gateway.proxy;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.threeten.extra.MutableClock;

class CapacityMemoTest {
  @Test
  void aModelIsKnownOutOfCapacityForTenSeconds_perPlatform() {
    MutableClock clock = MutableClock.of(Instant.parse("2026-11-30T10:00:00Z"), ZoneOffset.UTC);
    CapacityMemo memo = new CapacityMemo(clock);

    memo.gaveUp("gemini:gemini-2.5-pro");
    clock.add(Duration.ofSeconds(9));

    assertTrue(memo.recentlyOut("gemini:gemini-2.5-pro"));
    assertFalse(memo.recentlyOut("antigravity:gemini-2.5-pro"), "another platform's pool");
    assertFalse(memo.recentlyOut("gemini:gemini-2.5-flash"), "another model");
    clock.add(Duration.ofSeconds(1));
    assertFalse(memo.recentlyOut("gemini:gemini-2.5-pro"), "the window is over");
  }
}
