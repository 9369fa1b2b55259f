package io.subgate.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.subgate.account.Platform;
import java.time.Duration;
import java.time.Instant;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/** What every {@link ErrorRuleRepository} must do; run on the fake, H2 and PostgreSQL. */
public abstract class ErrorRuleRepositoryContract {

  protected abstract ErrorRuleRepository rules();

  private static ErrorRule rule(
      @Nullable Long account,
      @Nullable Platform platform,
      @Nullable String keyword,
      ErrorRule.Action action) {
    return new ErrorRule(
        0, account, platform, 503, keyword, action, Duration.ofMinutes(30), "d", Instant.EPOCH);
  }

  @Test
  void createKeepsEveryField_andAssignsIdsInOrder() {
    ErrorRule a = rules().create(rule(7L, null, "maintenance", ErrorRule.Action.COOLDOWN));
    ErrorRule b = rules().create(rule(null, Platform.OPENAI, null, ErrorRule.Action.PASS_THROUGH));
    assertTrue(b.id() > a.id());
    ErrorRule read = rules().all().stream().filter(r -> r.id() == a.id()).findFirst().orElseThrow();
    assertEquals(7L, read.accountId());
    assertNull(read.platform());
    assertEquals("maintenance", read.keyword());
    assertEquals(Duration.ofMinutes(30), read.cooldown());
    assertEquals(ErrorRule.Action.COOLDOWN, read.action());
    assertTrue(read.createdAt().isAfter(Instant.EPOCH), "the store's own creation time");
    ErrorRule readB =
        rules().all().stream().filter(r -> r.id() == b.id()).findFirst().orElseThrow();
    assertEquals(Platform.OPENAI, readB.platform());
    assertNull(readB.accountId());
    assertNull(readB.keyword());
    assertTrue(rules().delete(a.id()));
    assertFalse(rules().delete(a.id()));
    rules().delete(b.id());
  }

  @Test
  void aRuleMatchesItsStatus_scope_andKeyword_caseBlind() {
    ErrorRule r =
        new ErrorRule(
            1,
            null,
            Platform.ANTHROPIC,
            403,
            "Suspended",
            ErrorRule.Action.DISABLE,
            Duration.ZERO,
            "",
            Instant.EPOCH);
    assertTrue(r.matches(5, Platform.ANTHROPIC, 403, "{\"error\":\"account SUSPENDED\"}"));
    assertFalse(r.matches(5, Platform.ANTHROPIC, 401, "suspended"), "another status");
    assertFalse(r.matches(5, Platform.OPENAI, 403, "suspended"), "another platform");
    assertFalse(r.matches(5, Platform.ANTHROPIC, 403, "forbidden"), "no keyword");
  }
}
