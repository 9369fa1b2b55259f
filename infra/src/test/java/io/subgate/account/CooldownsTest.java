package io.subgate.account;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class CooldownsTest {
  private static final Instant NOW = Instant.parse("2026-12-03T08:00:00Z");

  @Test
  void aRefusedModel_isSkippedLikeALimitedOne_butToldApart() {
    Cooldowns c =
        Cooldowns.NONE
            .withModelRefusedUntil("gpt-x", NOW.plusSeconds(30), NOW)
            .withModelLimitedUntil("gpt-y", NOW.plusSeconds(60), NOW);
    assertTrue(c.modelLimitedAt("gpt-x", NOW), "a refusal keeps the model off this account");
    assertTrue(c.modelRefusedAt("gpt-x", NOW));
    assertTrue(c.modelLimitedAt("gpt-y", NOW));
    assertFalse(c.modelRefusedAt("gpt-y", NOW), "a rate limit is no refusal");
    assertFalse(c.modelLimitedAt("gpt-z", NOW), "other models untouched");
    assertFalse(c.activeAt(NOW), "the account itself is not parked");
    assertFalse(c.modelLimitedAt("gpt-x", NOW.plusSeconds(31)), "and it ends");
  }

  @Test
  void aModelsCooldownEnds_withTheLaterOfItsLimitAndItsRefusal() {
    Cooldowns both =
        Cooldowns.NONE
            .withModelLimitedUntil("m", NOW.plusSeconds(10), NOW)
            .withModelRefusedUntil("m", NOW.plusSeconds(40), NOW);
    assertEquals(NOW.plusSeconds(40), both.modelUntil("m"));
    assertEquals(
        NOW.plusSeconds(10),
        Cooldowns.NONE.withModelLimitedUntil("m", NOW.plusSeconds(10), NOW).modelUntil("m"));
    assertNull(Cooldowns.NONE.modelUntil("m"));
  }
}
