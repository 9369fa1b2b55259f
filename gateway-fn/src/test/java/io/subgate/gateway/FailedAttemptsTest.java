package io.subgate.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import io.subgate.adapter.memory.InMemoryFailedAuthentications;
import io.subgate.gateway.FailedAttempts.Scope;
import io.subgate.tenancy.ApiKeys;
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
 * Failed authentications are budgeted per address and kind: past the budget every attempt of that
 * kind from the address is a 429 with Retry-After until the minute is over, so neither the admin
 * token nor a client key can be guessed at line speed; a client gets the 429 in its route's shape.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FailedAttemptsTest implements TestPropertyProvider {
  @Inject EmbeddedServer server;

  @Override
  public Map<String, String> getProperties() {
    Map<String, String> p = GatewayTestProperties.embedded();
    p.put("subgate.admin.failed-attempts-per-minute", "5");
    p.put("subgate.auth.failed-attempts-per-minute", "4");
    return p;
  }

  @Test
  void pastTheAdminBudget_everyAttemptFromThatAddressWaits_theRightTokenToo() {
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
  void pastTheKeyBudget_clientRoutesAnswer429InTheirOwnShape_withRetryAfter() {
    Http guesser = new Http(server.getURI(), ApiKeys.generate());
    String messages = "{\"model\":\"m\",\"max_tokens\":8,\"messages\":[]}";
    for (int i = 0; i < 4; i++) {
      assertEquals(401, guesser.post("/v1/messages", messages).statusCode(), "guess " + (i + 1));
    }
    HttpResponse<String> anthropic = guesser.post("/v1/messages", messages);
    HttpResponse<String> openai = guesser.post("/v1/chat/completions", "{\"model\":\"m\"}");
    HttpResponse<String> google =
        guesser.post("/v1beta/models/gemini-2.5-pro:generateContent", "{\"contents\":[]}");

    assertEquals(429, anthropic.statusCode(), anthropic.body());
    assertTrue(anthropic.body().startsWith("{\"type\":\"error\""), anthropic.body());
    assertTrue(anthropic.body().contains("invalid API keys"), anthropic.body());
    long retry = Long.parseLong(anthropic.headers().firstValue("retry-after").orElse("0"));
    assertTrue(retry >= 1 && retry <= 60, "Retry-After " + retry);
    assertEquals(429, openai.statusCode());
    assertTrue(openai.body().contains("\"code\":\"rate_limit_exceeded\""), openai.body());
    assertEquals(429, google.statusCode());
    assertTrue(google.body().contains("RESOURCE_EXHAUSTED"), google.body());
  }

  @Test
  void theWindowEnds_andTheBudgetIsBack_perAddressAndKind() {
    MutableClock clock = MutableClock.of(Instant.parse("2026-12-03T09:00:00Z"), ZoneOffset.UTC);
    FailedAttempts budget = new FailedAttempts(clock, new InMemoryFailedAuthentications(), 2, 3);
    budget.failed(Scope.ADMIN, "10.0.0.1");
    budget.failed(Scope.ADMIN, "10.0.0.1");
    assertTrue(budget.blocked(Scope.ADMIN, "10.0.0.1").isPresent());
    assertTrue(budget.blocked(Scope.KEY, "10.0.0.1").isEmpty(), "per kind");
    assertTrue(budget.blocked(Scope.ADMIN, "10.0.0.2").isEmpty(), "per address");
    assertEquals(Duration.ofSeconds(60), budget.blocked(Scope.ADMIN, "10.0.0.1").orElseThrow());
    clock.add(Duration.ofSeconds(60));
    assertTrue(budget.blocked(Scope.ADMIN, "10.0.0.1").isEmpty(), "the next minute");
  }

  @Test
  void processesSharingTheCount_holdTheBudgetTogether() {
    MutableClock clock = MutableClock.of(Instant.parse("2026-12-03T09:00:10Z"), ZoneOffset.UTC);
    InMemoryFailedAuthentications shared = new InMemoryFailedAuthentications();
    FailedAttempts first = new FailedAttempts(clock, shared, 20, 6);
    FailedAttempts second = new FailedAttempts(clock, shared, 20, 6);
    for (int i = 0; i < 3; i++) {
      first.failed(Scope.KEY, "192.0.2.9");
      second.failed(Scope.KEY, "192.0.2.9");
    }
    assertTrue(first.blocked(Scope.KEY, "192.0.2.9").isEmpty(), "its last failure was the fifth");
    assertTrue(
        second.blocked(Scope.KEY, "192.0.2.9").isPresent(),
        "the sixth failure, wherever made, spends the budget");
    first.failed(Scope.KEY, "192.0.2.9");
    assertTrue(
        first.blocked(Scope.KEY, "192.0.2.9").isPresent(), "the next one there finds it spent");
    assertEquals(
        Duration.ofSeconds(50),
        first.blocked(Scope.KEY, "192.0.2.9").orElseThrow(),
        "until the minute ends");
  }
}
