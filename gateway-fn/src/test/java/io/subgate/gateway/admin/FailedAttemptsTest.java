package io.subgate.gateway.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import io.subgate.gateway.GatewayTestProperties;
import io.subgate.gateway.Http;
import jakarta.inject.Inject;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.threeten.extra.MutableClock;

/**
 * Failed admin-token attempts are budgeted per address: past the budget every attempt from that
 * address is a 429 with Retry-After until the minute is over, so the token cannot be guessed at
 * line speed.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FailedAttemptsTest implements TestPropertyProvider {
  @Inject EmbeddedServer server;

  @Override
  public Map<String, String> getProperties() {
    Map<String, String> p = GatewayTestProperties.embedded();
    p.put("subgate.admin.failed-attempts-per-minute", "5");
    return p;
  }

  @Test
  void pastTheBudget_everyAttemptFromThatAddressWaits_theRightTokenToo() {
    Http wrong = new Http(server.getURI(), "not-the-admin-token");
    for (int i = 0; i < 5; i++) {
      assertEquals(401, wrong.get("/admin/accounts").statusCode(), "attempt " + (i + 1));
    }
    HttpResponse<String> blocked = wrong.get("/admin/accounts");
    assertEquals(429, blocked.statusCode(), blocked.body());
    long retry = Long.parseLong(blocked.headers().firstValue("retry-after").orElse("0"));
    assertTrue(retry >= 1 && retry <= 60, "Retry-After " + retry);
    assertTrue(blocked.body().contains("rate_limit_error"), blocked.body());
    assertEquals(
        429,
        new Http(server.getURI(), GatewayTestProperties.ADMIN_TOKEN)
            .get("/admin/accounts")
            .statusCode(),
        "a guesser's address is refused whatever it presents");
    assertEquals(200, new Http(server.getURI(), null).get("/health").statusCode(), "not guarded");
  }

  @Test
  void theWindowEnds_andTheBudgetIsBack() {
    MutableClock clock = MutableClock.of(Instant.parse("2026-12-03T09:00:00Z"), ZoneOffset.UTC);
    FailedAttempts budget = new FailedAttempts(clock, 2);
    budget.failed("10.0.0.1");
    budget.failed("10.0.0.1");
    assertTrue(budget.blocked("10.0.0.1").isPresent());
    assertTrue(budget.blocked("10.0.0.2").isEmpty(), "per address");
    clock.add(Duration.ofSeconds(61));
    assertTrue(budget.blocked("10.0.0.1").isEmpty());
  }
}
