package io.subgate.gateway.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.subgate.account.Account;
import io.subgate.account.Platform;
import io.subgate.gateway.process.GatewayProcess;
import io.subgate.testing.StubLlmUpstream.Fault;
import io.subgate.testing.StubTokenServer;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Faults across real gateway processes sharing PostgreSQL and Redis (this test's gateway and a
 * second JVM, {@link GatewayProcess}): a process killed with SIGKILL while it holds every slot of
 * an account, and a token revoked while it still looks valid under concurrent load on both.
 */
@MicronautTest(transactional = false)
class CrossProcessFaultsTest extends UpstreamTestBase {
  /**
   * The production lease ({@code subgate.selection.slot-ttl}'s default), not a test's short one.
   */
  private static final Duration LEASE = Duration.ofSeconds(12);

  /** How soon a killed holder's account must serve again (issue 24): one lease and some slack. */
  private static final Duration FREED_WITHIN = Duration.ofSeconds(15);

  private final StubTokenServer tokens = StubTokenServer.start();

  @Override
  protected void configure(Map<String, String> p) {
    p.put("subgate.selection.fallback-wait-timeout", "30s");
    p.put("subgate.platforms.anthropic.token-url", tokens.tokenUrl());
  }

  @AfterAll
  void stopTokens() {
    tokens.close();
  }

  /** The second process's settings: the same services, a data directory of its own. */
  private Map<String, String> other() throws Exception {
    Map<String, String> p = new HashMap<>(getProperties());
    p.put("subgate.data-dir", Files.createTempDirectory("subgate-other").toString());
    return p;
  }

  @Test
  void aProcessKilledWhileHoldingEverySlot_freesThemWithinALease() throws Exception {
    Account account = pools().account(Platform.ANTHROPIC, "sk-held-" + UUID.randomUUID(), 1, 2);
    String key = pools().key(Platform.ANTHROPIC, 5, account);
    CountDownLatch hold = new CountDownLatch(1);
    upstream.holdAfterFirstEvent(hold);
    try (GatewayProcess victim = GatewayProcess.start(other(), Duration.ofSeconds(90))) {
      List<HttpResponse<InputStream>> streams = new ArrayList<>();
      for (int i = 0; i < 2; i++) {
        HttpResponse<InputStream> s =
            Sse.open(
                victim.uri(),
                "/v1/messages",
                key,
                RequestPathTest.body(RequestPathTest.MESSAGES, true));
        assertEquals(200, s.statusCode());
        assertTrue(new Sse.EventReader(s.body()).next() != null, "the stream holds its slot");
        streams.add(s);
      }

      long killed = System.nanoTime();
      victim.kill();
      HttpResponse<String> served =
          Sse.send(
              server.getURI(),
              "/v1/messages",
              key,
              RequestPathTest.body(RequestPathTest.MESSAGES, false));
      long ms = (System.nanoTime() - killed) / 1_000_000;

      assertEquals(200, served.statusCode(), served.body());
      assertTrue(
          ms <= FREED_WITHIN.toMillis(),
          "served " + ms + " ms after the kill; the lease is " + LEASE.toMillis() + " ms");
      System.out.println("  killed holder: the survivor served " + ms + " ms after SIGKILL");
    } finally {
      hold.countDown();
      upstream.holdAfterFirstEvent(new CountDownLatch(0));
    }
  }

  @Test
  void aRevokedToken_underLoadOnTwoProcesses_isRefreshedOnce_andEveryRequestIsServed()
      throws Exception {
    String revoked = "sk-ant-oat01-revoked-" + UUID.randomUUID();
    Account account = pools().oauth(Platform.ANTHROPIC, revoked, null, 1, 100);
    String key = pools().key(Platform.ANTHROPIC, 200, account);
    tokens.allow("rt-" + revoked);
    upstream.fault(revoked, Fault.status(401, 1_000_000));
    int perProcess = 20;
    try (GatewayProcess other = GatewayProcess.start(other(), Duration.ofSeconds(90))) {
      List<URI> processes = List.of(server.getURI(), other.uri());
      ExecutorService pool = Executors.newFixedThreadPool(2 * perProcess);
      CountDownLatch start = new CountDownLatch(1);
      List<Future<Integer>> answers = new ArrayList<>();
      for (URI p : processes) {
        for (int i = 0; i < perProcess; i++) {
          answers.add(
              pool.submit(
                  () -> {
                    start.await();
                    return Sse.send(
                            p,
                            "/v1/messages",
                            key,
                            Clients.claudeCodeBody(false, UUID.randomUUID().toString()),
                            Clients.CLAUDE_CODE_HEADERS)
                        .statusCode();
                  }));
        }
      }
      start.countDown();
      Map<Integer, Integer> statuses = new HashMap<>();
      for (Future<Integer> a : answers) {
        statuses.merge(a.get(60, TimeUnit.SECONDS), 1, Integer::sum);
      }
      pool.shutdownNow();

      System.out.println(
          "  401 storm: statuses "
              + statuses
              + ", token endpoint calls "
              + tokens.callsFor("rt-" + revoked));
      assertEquals(Map.of(200, 2 * perProcess), statuses);
      assertEquals(1, tokens.callsFor("rt-" + revoked), "exactly one refresh across processes");
      assertTrue(
          accounts.findById(account.id()).orElseThrow().isSchedulableAt(java.time.Instant.now()),
          "never parked");
    } finally {
      upstream.clearFaults();
    }
  }
}
