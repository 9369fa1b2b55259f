package io.subgate.refresher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.CustomPojoSerializer;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.ApplicationContextBuilder;
import io.subgate.account.Account;
import io.subgate.account.AccountRepository;
import io.subgate.account.AccountStatus;
import io.subgate.account.AccountType;
import io.subgate.account.NewAccount;
import io.subgate.account.OAuthCredentials;
import io.subgate.account.Platform;
import io.subgate.refresh.SweepReport;
import io.subgate.testing.StubTokenServer;
import io.subgate.testing.StubTokenServer.Mode;
import io.subgate.testing.TestServices;
import io.subgate.token.CacheKeys;
import io.subgate.token.CachedToken;
import io.subgate.token.TokenCache;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The EventBridge event from {@code events/} through the Lambda handler, deserialized the way the
 * runtime does it, against PostgreSQL, Redis and the stub token endpoint.
 */
class RefreshHandlerTest {
  private final StubTokenServer stub = StubTokenServer.start();
  private final String schema = TestServices.freshPostgresSchema();

  @AfterEach
  void stop() {
    stub.close();
    TestServices.dropPostgresSchema(schema);
  }

  private static ScheduledEvent event(String file) throws Exception {
    CustomPojoSerializer serializer =
        ServiceLoader.load(CustomPojoSerializer.class).findFirst().orElseThrow();
    try (InputStream in = Files.newInputStream(Path.of("../events", file))) {
      return serializer.fromJson(in, ScheduledEvent.class);
    }
  }

  private ApplicationContextBuilder builder() {
    Map<String, Object> p = new HashMap<>(TestServices.databaseProperties(schema));
    p.put("redis.uri", TestServices.REDIS_URI);
    p.put("subgate.redis.namespace", TestServices.freshRedisNamespace());
    p.put("subgate.platforms.anthropic.token-url", stub.tokenUrl());
    p.put("subgate.platforms.openai.token-url", stub.tokenUrl());
    return ApplicationContext.builder().environments("test").properties(p);
  }

  private static Account account(
      AccountRepository accounts,
      Platform platform,
      String refreshToken,
      @Nullable Instant expiry) {
    return accounts.create(
        new NewAccount(
            "h-" + UUID.randomUUID(),
            platform,
            AccountType.OAUTH,
            1,
            1,
            new OAuthCredentials("at-" + refreshToken, refreshToken, expiry, null, null, null)));
  }

  @Test
  void scheduledEvent_refreshesDue_leavesFresh_disablesRevoked_parksFlaky_andWarmsTheCache()
      throws Exception {
    ScheduledEvent event = event("scheduled-event.json");
    assertEquals("Scheduled Event", event.getDetailType());

    try (RefreshHandler handler = new RefreshHandler(builder())) {
      ApplicationContext ctx = handler.getApplicationContext();
      AccountRepository accounts = ctx.getBean(AccountRepository.class);
      TokenCache cache = ctx.getBean(TokenCache.class);
      Instant now = Instant.now();
      stub.allow("rt-due");
      stub.allow("rt-flaky");
      stub.failFor("rt-flaky", Mode.SERVER_ERROR);
      Account due = account(accounts, Platform.ANTHROPIC, "rt-due", now.plusSeconds(300));
      Account fresh = account(accounts, Platform.OPENAI, "rt-fresh", now.plus(Duration.ofHours(6)));
      Account revoked = account(accounts, Platform.ANTHROPIC, "rt-revoked", now.minusSeconds(5));
      Account flaky = account(accounts, Platform.ANTHROPIC, "rt-flaky", now.plusSeconds(60));
      cache.put(CacheKeys.of(revoked), new CachedToken("at-stale", 1), Duration.ofMinutes(5));

      SweepReport report = handler.handleRequest(event, new TestLambdaContext(120_000));

      assertEquals(4, report.scanned());
      assertEquals(3, report.due());
      assertEquals(1, report.refreshed());
      assertEquals(1, report.disabled());
      assertEquals(1, report.failed());
      assertEquals(1, report.prewarmed());
      assertTrue(report.complete());

      Account dueNow = accounts.findById(due.id()).orElseThrow();
      assertEquals(2, dueNow.credentialsVersion());
      assertEquals(
          stub.accessIssuedFor("rt-due"), cache.get(CacheKeys.of(due)).orElseThrow().accessToken());

      Account freshNow = accounts.findById(fresh.id()).orElseThrow();
      assertEquals(1, freshNow.credentialsVersion(), "not due: untouched");
      assertEquals("at-rt-fresh", cache.get(CacheKeys.of(fresh)).orElseThrow().accessToken());

      Account revokedNow = accounts.findById(revoked.id()).orElseThrow();
      assertEquals(AccountStatus.ERROR, revokedNow.status());
      assertTrue(String.valueOf(revokedNow.errorMessage()).contains("INVALID_GRANT"));
      assertTrue(cache.get(CacheKeys.of(revoked)).isEmpty(), "cached token removed");

      Account flakyNow = accounts.findById(flaky.id()).orElseThrow();
      assertEquals(3, stub.callsFor("rt-flaky"), "three attempts");
      assertEquals(AccountStatus.ACTIVE, flakyNow.status());
      Instant parked = flakyNow.cooldowns().tempUnschedulableUntil();
      assertNotNull(parked);
      assertTrue(parked.isAfter(now.plus(Duration.ofMinutes(9))));
      assertEquals(1, flakyNow.credentialsVersion());
    }
  }

  @Test
  void almostNoTimeLeftInTheInvocation_takesNoWork_andResumesNextTime() {
    try (RefreshHandler handler = new RefreshHandler(builder())) {
      AccountRepository accounts = handler.getApplicationContext().getBean(AccountRepository.class);
      stub.allow("rt-later");
      Account a = account(accounts, Platform.ANTHROPIC, "rt-later", Instant.now());

      SweepReport starved =
          handler.handleRequest(new ScheduledEvent(), new TestLambdaContext(12_000));
      assertEquals(0, starved.scanned());
      assertEquals(false, starved.complete());
      assertEquals(0, stub.calls());

      SweepReport next =
          handler.handleRequest(new ScheduledEvent(), new TestLambdaContext(120_000));
      assertEquals(1, next.refreshed());
      assertEquals(2, accounts.findById(a.id()).orElseThrow().credentialsVersion());
    }
  }

  @Test
  void successfulRefresh_clearsAnEarlierCooldown_andOddEventsStillRunTheSweep() {
    try (RefreshHandler handler = new RefreshHandler(builder())) {
      AccountRepository accounts = handler.getApplicationContext().getBean(AccountRepository.class);
      stub.allow("rt-recovers");
      Account a = account(accounts, Platform.ANTHROPIC, "rt-recovers", null);
      accounts.setTempUnschedulable(a.id(), Instant.now().plusSeconds(600), "earlier failure");

      SweepReport report = handler.handleRequest(new ScheduledEvent(), null);

      assertEquals(1, report.refreshed());
      assertNull(accounts.findById(a.id()).orElseThrow().cooldowns().tempUnschedulableUntil());
    }
  }
}
