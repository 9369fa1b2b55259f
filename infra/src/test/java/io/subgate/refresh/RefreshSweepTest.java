package io.subgate.refresh;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.context.ApplicationContext;
import io.subgate.account.AccountRepository;
import io.subgate.account.AccountType;
import io.subgate.account.NewAccount;
import io.subgate.account.OAuthCredentials;
import io.subgate.account.Platform;
import io.subgate.testing.InMemoryAccountRepository;
import io.subgate.testing.TestServices;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RefreshSweepTest {
  private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");

  @Test
  void sweep_countsDueAccountsAcrossPages() {
    Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    AccountRepository accounts = new InMemoryAccountRepository(clock);
    for (int i = 0; i < 450; i++) {
      Instant expiry =
          i % 3 == 0 ? NOW.plus(Duration.ofHours(6)) : NOW.plus(Duration.ofMinutes(10));
      accounts.create(
          new NewAccount(
              "a" + i,
              Platform.OPENAI,
              AccountType.OAUTH,
              1,
              1,
              new OAuthCredentials("at", "rt", expiry, null, null, null)));
    }
    RefreshSweep sweep =
        new RefreshSweep(
            accounts,
            new RefreshSettings(false, Duration.ofMinutes(5), Duration.ofMinutes(30)),
            clock);
    assertEquals(300, sweep.run().due());
  }

  @Test
  void inProcessSchedule_runsOnlyWhenEnabled() {
    try (ApplicationContext off = TestServices.context(TestServices.freshH2Url(), Map.of())) {
      assertFalse(off.containsBean(InProcessRefreshSchedule.class));
    }
    try (ApplicationContext on =
        TestServices.context(
            TestServices.freshH2Url(),
            Map.of(
                "subgate.refresher.in-process", "true", "subgate.refresher.interval", "100ms"))) {
      InProcessRefreshSchedule schedule = on.getBean(InProcessRefreshSchedule.class);
      await().atMost(Duration.ofSeconds(10)).until(() -> schedule.runs() >= 2);
      assertTrue(schedule.runs() >= 2);
    }
  }
}
