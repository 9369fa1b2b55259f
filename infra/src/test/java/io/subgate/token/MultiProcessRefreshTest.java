package io.subgate.token;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.subgate.account.Account;
import io.subgate.account.AccountRepository;
import io.subgate.account.AccountType;
import io.subgate.account.NewAccount;
import io.subgate.account.OAuthCredentials;
import io.subgate.account.Platform;
import io.subgate.adapter.dynamodb.DynamoDbRefreshLock;
import io.subgate.support.Deadline;
import io.subgate.testing.DynamoDbLocal;
import io.subgate.testing.StubTokenServer;
import io.subgate.testing.TestDatabase;
import io.subgate.testing.TestServices;
import io.subgate.testing.process.HaltAfterParkObserver;
import io.subgate.testing.process.WorkerProcess;
import io.subgate.testing.process.WorkerProcess.Result;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The lifecycle across real processes: four JVMs, 200 callers each, one expired account, sharing
 * PostgreSQL and a lock backend. Exactly one call may reach the token endpoint.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MultiProcessRefreshTest {
  private static final int PROCESSES = 4;
  private static final int THREADS = 200;
  // Four JVMs of 200 callers on two cores: a holder can need more than 3 s (the crash test's lease)
  // from lock to write when Redis is down and each cache call waits out its timeout; a lease that
  // runs out lets a second process call the provider (seen once: 2 calls).
  private static final String STAMPEDE_LEASE = "7s";

  private final StubTokenServer stub = StubTokenServer.start();
  private final String namespace = TestServices.freshRedisNamespace();
  private final DynamoDbLocal dynamo = DynamoDbLocal.start();
  private final TestDatabase db = TestDatabase.postgres(base());

  MultiProcessRefreshTest() {
    try (DynamoDbClient client =
        DynamoDbClient.builder()
            .endpointOverride(URI.create(dynamo.endpoint()))
            .region(Region.US_EAST_1)
            .credentialsProvider(
                StaticCredentialsProvider.create(AwsBasicCredentials.create("t", "t")))
            .httpClient(UrlConnectionHttpClient.create())
            .build()) {
      DynamoDbRefreshLock.createTable(client, "locks");
    }
    stub.delay(300);
  }

  @AfterAll
  void stop() {
    db.close();
    dynamo.close();
    stub.close();
  }

  private Map<String, Object> base() {
    Map<String, Object> p = new HashMap<>();
    p.put("subgate.platforms.anthropic.token-url", stub.tokenUrl());
    p.put("redis.uri", TestServices.REDIS_URI);
    p.put("subgate.redis.namespace", namespace);
    p.put("subgate.token.lease-time", "3s");
    return p;
  }

  private Map<String, String> workerProperties(long accountId, Map<String, String> extra) {
    Map<String, String> p = new HashMap<>();
    TestServices.databaseProperties(db.url()).forEach((k, v) -> p.put(k, String.valueOf(v)));
    base().forEach((k, v) -> p.put(k, String.valueOf(v)));
    p.put("worker.account", Long.toString(accountId));
    p.put("worker.threads", Integer.toString(THREADS));
    p.putAll(extra);
    return p;
  }

  private Account expiredAccount(String refreshToken) {
    stub.allow(refreshToken);
    return db.bean(AccountRepository.class)
        .create(
            new NewAccount(
                "mp-" + UUID.randomUUID(),
                Platform.ANTHROPIC,
                AccountType.OAUTH,
                1,
                1,
                new OAuthCredentials(
                    "at-expired", refreshToken, Instant.now().minusSeconds(60), null, null, null)));
  }

  private List<Result> stampede(long accountId, Map<String, String> extra) throws Exception {
    List<WorkerProcess> workers = new ArrayList<>();
    try {
      for (int i = 0; i < PROCESSES; i++) {
        workers.add(WorkerProcess.start(workerProperties(accountId, extra)));
      }
      for (WorkerProcess w : workers) {
        w.await("READY", 90);
      }
      long startAt = System.currentTimeMillis() + 500;
      for (WorkerProcess w : workers) {
        w.go(startAt);
      }
      List<Result> results = new ArrayList<>();
      for (WorkerProcess w : workers) {
        results.add(w.result(90));
      }
      return results;
    } finally {
      workers.forEach(WorkerProcess::close);
    }
  }

  private void assertOneRefreshServedEveryone(
      Account account, int callsBefore, List<Result> results, String refreshToken) {
    for (Result r : results) {
      System.out.printf(
          "worker ok=%d failed=%d p50=%dus p99=%dus tokens=%s first failure=%s%n",
          r.ok(), r.failed(), r.p50Micros(), r.p99Micros(), r.tokens(), r.firstFailure());
    }
    assertEquals(callsBefore + 1, stub.calls(), "exactly one call at the token endpoint");
    String issued = stub.accessIssuedFor(refreshToken);
    for (Result r : results) {
      assertEquals(THREADS, r.ok(), "every caller got a token");
      assertEquals(List.of(issued), r.tokens(), "every caller got the new token");
    }
    Account stored = db.bean(AccountRepository.class).findById(account.id()).orElseThrow();
    assertEquals(2, stored.credentialsVersion());
  }

  @Test
  void stampede_fourProcessesWithRedis_oneProviderCall() throws Exception {
    Account account = expiredAccount("rt-redis");
    int before = stub.calls();
    List<Result> results =
        stampede(
            account.id(),
            Map.of("subgate.lock.order", "redis", "subgate.token.lease-time", STAMPEDE_LEASE));
    assertOneRefreshServedEveryone(account, before, results, "rt-redis");
  }

  @Test
  void stampede_withRedisDown_fallsBackToDynamoDb_oneProviderCall() throws Exception {
    Account account = expiredAccount("rt-dynamo");
    int before = stub.calls();
    List<Result> results =
        stampede(
            account.id(),
            Map.of(
                "redis.uri", "redis://127.0.0.1:1",
                "subgate.redis.timeout", "500ms",
                "subgate.lock.order", "redis,dynamodb",
                "subgate.token.lease-time", STAMPEDE_LEASE,
                "subgate.lock.dynamodb-table", "locks",
                "aws.services.dynamodb.endpoint-override", dynamo.endpoint(),
                "aws.region", "us-east-1"));
    assertOneRefreshServedEveryone(account, before, results, "rt-dynamo");
  }

  @Test
  void crashBetweenProviderAnswerAndWrite_nextAttemptRecoversTheRotation() throws Exception {
    Account account = expiredAccount("rt-crash");
    int before = stub.calls();
    Map<String, String> props =
        workerProperties(
            account.id(),
            Map.of(
                "worker.halt-after-park",
                "true",
                "worker.threads",
                "1",
                "subgate.lock.order",
                "redis"));
    try (WorkerProcess crashing = WorkerProcess.start(props)) {
      crashing.await("READY", 90);
      crashing.go();
      assertEquals(HaltAfterParkObserver.EXIT_CODE, crashing.exitCode(60));
    }
    assertEquals(before + 1, stub.calls(), "the provider rotated rt-crash, then the process died");
    assertEquals(
        1,
        db.bean(AccountRepository.class).findById(account.id()).orElseThrow().credentialsVersion());

    // The dead process still holds its lease for up to 3 s; the request budget outlasts it.
    CachedToken recovered = db.bean(TokenLifecycle.class).accessToken(account);
    assertEquals(stub.accessIssuedFor("rt-crash"), recovered.accessToken());
    assertEquals(before + 1, stub.calls(), "recovered from the parked rotation without a call");

    // The account keeps working: the rotated refresh token is the one now stored and accepted.
    RefreshOutcome forced =
        db.bean(TokenLifecycle.class)
            .refresh(
                account.id(),
                new RefreshRequest(
                    Duration.ZERO, true, Deadline.after(Duration.ofSeconds(8), Clock.systemUTC())));
    assertInstanceOf(RefreshOutcome.Refreshed.class, forced);
    assertEquals(before + 2, stub.calls());
    assertEquals(
        3,
        db.bean(AccountRepository.class).findById(account.id()).orElseThrow().credentialsVersion());
  }
}
