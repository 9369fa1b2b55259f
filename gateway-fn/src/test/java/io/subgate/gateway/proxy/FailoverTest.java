package io.subgate.gateway.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.subgate.account.Account;
import io.subgate.account.AccountType;
import io.subgate.account.NewAccount;
import io.subgate.account.OAuthCredentials;
import io.subgate.account.Platform;
import io.subgate.testing.StubLlmUpstream.Fault;
import io.subgate.testing.StubLlmUpstream.StreamEnd;
import io.subgate.testing.StubTokenServer;
import jakarta.inject.Inject;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Upstream faults on one account of two (the faulty one preferred by priority): the client gets the
 * healthy account's complete answer or a clean protocol error, the faulty account's state is set,
 * and the next request succeeds. Attempts per request are printed.
 */
@MicronautTest(transactional = false)
class FailoverTest extends UpstreamTestBase {

  private final StubTokenServer tokens = StubTokenServer.start();

  @Inject ProxyMetrics metrics;

  @Override
  protected void configure(Map<String, String> p) {
    p.put("subgate.platforms.anthropic.token-url", tokens.tokenUrl());
    // Short enough to keep the stall tests quick, long enough for a loaded CI machine.
    p.put("subgate.proxy.first-token-timeout", "1s");
    p.put("subgate.proxy.stream-idle-timeout", "1s");
    p.put("subgate.proxy.upstream-timeout", "1500ms");
    p.put("subgate.proxy.response-header-timeout", "1500ms");
    p.put("subgate.proxy.failure-cooldown", "2s");
    p.put("subgate.proxy.sticky-grace-delay", "100ms");
    p.put("subgate.proxy.same-account-retry-delay", "10ms");
  }

  @AfterEach
  void heal() {
    upstream.clearFaults();
  }

  @AfterAll
  void stopTokens() {
    tokens.close();
  }

  private Account oauthAccount(String accessToken, String refreshToken) {
    return accounts.create(
        new NewAccount(
            "o-" + UUID.randomUUID(),
            Platform.ANTHROPIC,
            AccountType.OAUTH,
            1,
            4,
            new OAuthCredentials(
                accessToken, refreshToken, Instant.now().plusSeconds(7200), null, null, null)));
  }

  /** A faulty preferred account, a healthy fallback, and a key for both. */
  private record Pair(Account faulty, Account healthy, String key) {}

  private Pair pair() {
    Pools pools = pools();
    String id = UUID.randomUUID().toString().substring(0, 8);
    Account faulty = pools.account(Platform.ANTHROPIC, "sk-faulty-" + id, 1, 4);
    Account healthy = pools.account(Platform.ANTHROPIC, "sk-healthy-" + id, 9, 4);
    return new Pair(faulty, healthy, pools.key(Platform.ANTHROPIC, 5, faulty, healthy));
  }

  private static String secret(Account a) {
    return a.credentials() instanceof io.subgate.account.StaticKeyCredentials key
        ? key.apiKey()
        : ((OAuthCredentials) a.credentials()).accessToken();
  }

  private HttpResponse<String> send(Pair p) throws Exception {
    return send(p, RequestPathTest.body(RequestPathTest.MESSAGES, false));
  }

  /** A request of a conversation of its own (no sticky binding carries over). */
  private HttpResponse<String> sendFresh(Pair p) throws Exception {
    return send(
        p,
        "{\"model\":\"claude-sonnet-4\",\"max_tokens\":8,\"messages\":[{\"role\":\"user\","
            + "\"content\":\""
            + UUID.randomUUID()
            + "\"}]}");
  }

  /** Claude Code's request: OAuth accounts serve only it. */
  private HttpResponse<String> fromClaudeCode(Pair p) throws Exception {
    return Sse.send(
        server.getURI(),
        "/v1/messages",
        p.key(),
        Clients.claudeCodeBody(false, UUID.randomUUID().toString()),
        Clients.CLAUDE_CODE_HEADERS);
  }

  private HttpResponse<String> send(Pair p, String body) throws Exception {
    long start = System.nanoTime();
    HttpResponse<String> r = Sse.send(server.getURI(), "/v1/messages", p.key(), body);
    System.out.printf(
        "  attempts: faulty=%d healthy=%d, status %d in %d ms%n",
        upstream.callsWith(secret(p.faulty())),
        upstream.callsWith(secret(p.healthy())),
        r.statusCode(),
        (System.nanoTime() - start) / 1_000_000);
    return r;
  }

  private Account reload(Account a) {
    return accounts.findById(a.id()).orElseThrow();
  }

  @Test
  void rateLimitWithRetryAfter_switchesAccounts_andParksTheAccountUntilTheReset() throws Exception {
    Pair p = pair();
    upstream.fault(secret(p.faulty()), Fault.status(429, -1).withHeader("retry-after", "120"));
    HttpResponse<String> r = send(p);
    assertEquals(200, r.statusCode(), r.body());
    assertTrue(r.body().contains("\"text\":\"hello\""));
    Instant until = reload(p.faulty()).cooldowns().rateLimitedUntil();
    assertNotNull(until);
    long seconds = Duration.between(Instant.now(), until).toSeconds();
    assertTrue(seconds > 100 && seconds <= 120, "rate limited for " + seconds + " s");
    assertEquals(1, upstream.callsWith(secret(p.faulty())), "a 429 is not retried in place");

    assertEquals(200, send(p).statusCode());
    assertEquals(1, upstream.callsWith(secret(p.faulty())), "the limited account is skipped");

    HttpResponse<String> view =
        new io.subgate.gateway.Http(
                server.getURI(), io.subgate.gateway.GatewayTestProperties.ADMIN_TOKEN)
            .get("/admin/accounts/" + p.faulty().id());
    assertEquals(200, view.statusCode());
    assertTrue(view.body().contains("\"last_upstream_status\":429"), view.body());
    assertTrue(view.body().contains("\"last_upstream_failure\":\"rate_limited\""), view.body());
    assertTrue(view.body().contains("\"schedulable_now\":false"), view.body());
  }

  @Test
  void burstRateLimitWithoutReset_getsAShortCooldown_neverHours() throws Exception {
    Pair p = pair();
    upstream.fault(secret(p.faulty()), Fault.status(429, 1));
    assertEquals(200, send(p).statusCode());
    Instant until = reload(p.faulty()).cooldowns().rateLimitedUntil();
    assertNotNull(until);
    assertTrue(Duration.between(Instant.now(), until).toSeconds() <= 30, "short: " + until);
  }

  @Test
  void anOverloadsRetryAfter_isCapped() throws Exception {
    Pair p = pair();
    upstream.fault(secret(p.faulty()), Fault.status(529, -1).withHeader("retry-after", "86400"));
    assertEquals(200, send(p).statusCode());
    Instant until = reload(p.faulty()).cooldowns().overloadUntil();
    assertNotNull(until);
    assertTrue(
        until.isBefore(Instant.now().plus(Duration.ofMinutes(5)).plusSeconds(5)),
        "a day's Retry-After parks for at most max-overload-cooldown: " + until);
  }

  @Test
  void aTokenCountingRateLimit_switches_butNeverParksTheAccountForGeneration() throws Exception {
    Pair p = pair();
    upstream.fault(secret(p.faulty()), Fault.status(429, -1).withHeader("retry-after", "600"));
    HttpResponse<String> r =
        Sse.send(
            server.getURI(),
            "/v1/messages/count_tokens",
            p.key(),
            "{\"model\":\"claude-sonnet-4\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
    assertEquals(200, r.statusCode(), r.body());
    assertEquals(1, upstream.callsWith(secret(p.healthy())));
    Account after = reload(p.faulty());
    assertTrue(after.cooldowns().rateLimitedUntil() == null, "not parked for every route");
    assertTrue(after.isSchedulableAt(Instant.now()));
  }

  @Test
  void overloaded_switchesAccounts_andSetsTheOverloadCooldown() throws Exception {
    Pair p = pair();
    upstream.fault(secret(p.faulty()), Fault.status(529, -1));
    assertEquals(200, send(p).statusCode());
    assertNotNull(reload(p.faulty()).cooldowns().overloadUntil());
    assertNull(reload(p.faulty()).cooldowns().rateLimitedUntil());
  }

  @Test
  void serverErrorOnce_isRetriedOnTheSameAccount() throws Exception {
    Pair p = pair();
    upstream.fault(secret(p.faulty()), Fault.status(500, 1));
    assertEquals(200, send(p).statusCode());
    assertEquals(2, upstream.callsWith(secret(p.faulty())), "one failure, one in-place retry");
    assertEquals(0, upstream.callsWith(secret(p.healthy())));
    assertNull(reload(p.faulty()).cooldowns().tempUnschedulableUntil(), "healthy again: no mark");
  }

  @Test
  void persistentServerErrors_spendTheInPlaceRetries_thenSwitch_andParkTheAccount()
      throws Exception {
    Pair p = pair();
    upstream.fault(secret(p.faulty()), Fault.status(502, -1));
    assertEquals(200, send(p).statusCode());
    assertEquals(4, upstream.callsWith(secret(p.faulty())), "1 + 3 in-place retries, bounded");
    assertNotNull(reload(p.faulty()).cooldowns().tempUnschedulableUntil());
  }

  @Test
  void connectionDroppedBeforeHeaders_failsOver() throws Exception {
    Pair p = pair();
    upstream.fault(secret(p.faulty()), Fault.status(0, -1));
    assertEquals(200, send(p).statusCode());
    assertNotNull(reload(p.faulty()).cooldowns().tempUnschedulableUntil());
  }

  @Test
  void clientErrors_returnAsTheyAre_withoutRetryOrFailover() throws Exception {
    Pair p = pair();
    String contextLength =
        "{\"type\":\"error\",\"error\":{\"type\":\"invalid_request_error\","
            + "\"message\":\"prompt is too long: 210000 tokens > 200000 maximum\"}}";
    assertPassedThrough(p, contextLength);
    assertEquals(1, upstream.callsWith(secret(p.faulty())));
  }

  /**
   * The faulty account answers 400 with {@code body}: the client gets exactly that, no failover.
   */
  private void assertPassedThrough(Pair p, String body) throws Exception {
    upstream.fault(secret(p.faulty()), Fault.status(400, -1).withBody(body));
    HttpResponse<String> r = send(p);
    assertEquals(400, r.statusCode());
    assertEquals(body, r.body());
    assertEquals(0, upstream.callsWith(secret(p.healthy())));
  }

  @Test
  void everyAccountRateLimited_is429WithRetryAfter_neverA500() throws Exception {
    Pair p = pair();
    upstream.fault(secret(p.faulty()), Fault.status(429, -1).withHeader("retry-after", "45"));
    upstream.fault(secret(p.healthy()), Fault.status(429, -1).withHeader("retry-after", "90"));
    HttpResponse<String> r = send(p);
    assertEquals(429, r.statusCode(), r.body());
    assertTrue(r.body().contains("rate_limit_error"), r.body());
    long retryAfter = Long.parseLong(r.headers().firstValue("retry-after").orElse("0"));
    assertTrue(retryAfter >= 40 && retryAfter <= 90, "Retry-After " + retryAfter);
    HttpResponse<String> again = send(p);
    assertEquals(429, again.statusCode(), "both parked: answered without an upstream call");
    assertEquals(1, upstream.callsWith(secret(p.faulty())));
  }

  @Test
  void streamingRequest_failsOverBeforeAnythingIsSent_andGetsTheWholeStream() throws Exception {
    Pair p = pair();
    upstream.fault(secret(p.faulty()), Fault.status(529, -1));
    HttpResponse<java.io.InputStream> r =
        Sse.open(
            server.getURI(),
            "/v1/messages",
            p.key(),
            RequestPathTest.body(RequestPathTest.MESSAGES, true));
    assertEquals(200, r.statusCode());
    java.util.List<String> events = Sse.events(r.body());
    assertTrue(events.get(0).startsWith("event: message_start"), events.toString());
    assertTrue(events.get(events.size() - 1).startsWith("event: message_stop"), events.toString());
    assertTrue(events.stream().noneMatch(e -> e.startsWith("event: error")), events.toString());
    assertEquals(1, upstream.callsWith(secret(p.healthy())));
  }

  @Test
  void unauthorized_forcesOneRefreshThroughTheLifecycle_andRetriesTheSameAccount()
      throws Exception {
    String id = UUID.randomUUID().toString().substring(0, 8);
    Account faulty = oauthAccount("at-revoked-" + id, "rt-ok-" + id);
    tokens.allow("rt-ok-" + id);
    Account healthy = pools().account(Platform.ANTHROPIC, "sk-healthy-" + id, 9, 4);
    Pair p = new Pair(faulty, healthy, pools().key(Platform.ANTHROPIC, 5, faulty, healthy));
    upstream.fault("at-revoked-" + id, Fault.status(401, -1));

    HttpResponse<String> r = fromClaudeCode(p);
    assertEquals(200, r.statusCode(), r.body());
    assertEquals(1, upstream.callsWith("at-revoked-" + id));
    assertEquals(1, tokens.callsFor("rt-ok-" + id), "exactly one forced refresh");
    assertEquals(0, upstream.callsWith(secret(healthy)), "served by the same account");
    assertTrue(reload(faulty).credentialsVersion() > faulty.credentialsVersion());
  }

  @Test
  void unauthorized_whenTheRefreshFails_switchesAndParksTheAccount() throws Exception {
    String id = UUID.randomUUID().toString().substring(0, 8);
    Account faulty = oauthAccount("at-dead-" + id, "rt-unknown-" + id);
    Account healthy = pools().account(Platform.ANTHROPIC, "sk-healthy-" + id, 9, 4);
    Pair p = new Pair(faulty, healthy, pools().key(Platform.ANTHROPIC, 5, faulty, healthy));
    upstream.fault("at-dead-" + id, Fault.status(401, -1));
    double switches = metrics.switches();

    assertEquals(200, fromClaudeCode(p).statusCode());
    assertEquals(1, upstream.callsWith(secret(healthy)));
    assertNotNull(reload(faulty).cooldowns().tempUnschedulableUntil());
    assertEquals(switches + 1, metrics.switches(), "one account switch counted");
  }

  private java.util.List<String> stream(Pair p) throws Exception {
    long start = System.nanoTime();
    HttpResponse<java.io.InputStream> r =
        Sse.open(
            server.getURI(),
            "/v1/messages",
            p.key(),
            RequestPathTest.body(RequestPathTest.MESSAGES, true));
    assertEquals(200, r.statusCode());
    java.util.List<String> events = Sse.events(r.body());
    long ms = (System.nanoTime() - start) / 1_000_000;
    System.out.printf(
        "  stream attempts: faulty=%d healthy=%d, %d events in %d ms%n",
        upstream.callsWith(secret(p.faulty())),
        upstream.callsWith(secret(p.healthy())),
        events.size(),
        ms);
    assertTrue(ms < 15_000, "bounded: " + ms + " ms");
    return events;
  }

  private static void assertWhole(java.util.List<String> events) {
    assertTrue(events.get(0).startsWith("event: message_start"), events.toString());
    assertEquals(
        1,
        events.stream().filter(e -> e.startsWith("event: message_start")).count(),
        "one opening, whichever account sent it: " + events);
    assertTrue(events.get(events.size() - 1).startsWith("event: message_stop"), events.toString());
    assertTrue(events.stream().noneMatch(e -> e.startsWith("event: error")), events.toString());
  }

  private static void assertEndsWithError(java.util.List<String> events) {
    assertTrue(
        events.stream().anyMatch(e -> e.startsWith("event: content_block")), events.toString());
    assertTrue(events.get(events.size() - 1).startsWith("event: error"), events.toString());
    assertTrue(
        events.stream().noneMatch(e -> e.startsWith("event: message_stop")), events.toString());
  }

  @Test
  void streamCutBeforeAnyContent_failsOverTransparently() throws Exception {
    Pair p = pair();
    upstream.fault(secret(p.faulty()), Fault.stream(1, StreamEnd.CUT, -1));
    assertWhole(stream(p));
    assertEquals(1, upstream.callsWith(secret(p.healthy())));
  }

  @Test
  void errorEventBeforeAnyContent_failsOver_andMarksTheAccountOverloaded() throws Exception {
    Pair p = pair();
    upstream.fault(secret(p.faulty()), Fault.stream(1, StreamEnd.ERROR_EVENT, -1));
    assertWhole(stream(p));
    assertNotNull(reload(p.faulty()).cooldowns().overloadUntil());
  }

  @Test
  void noFirstTokenWithinTheLimit_failsOver() throws Exception {
    Pair p = pair();
    upstream.fault(secret(p.faulty()), Fault.stream(1, StreamEnd.STALL, -1));
    assertWhole(stream(p));
    assertNotNull(reload(p.faulty()).cooldowns().tempUnschedulableUntil());
    assertEquals(1, upstream.callsWith(secret(p.faulty())), "a silent account is not tried again");
  }

  @Test
  void streamCutAfterContent_endsWithTheProtocolErrorEvent_neverATruncatedSuccess()
      throws Exception {
    Pair p = pair();
    upstream.fault(secret(p.faulty()), Fault.stream(4, StreamEnd.CUT, -1));
    java.util.List<String> events = stream(p);
    assertEndsWithError(events);
    assertEquals(0, upstream.callsWith(secret(p.healthy())), "committed: no failover");
    assertEquals(1, upstream.callsWith(secret(p.faulty())), "committed: never retried");
    assertEquals(
        1, events.stream().filter(e -> e.startsWith("event: message_start")).count(), "one stream");
  }

  @Test
  void streamStallAfterContent_endsWithAnErrorEventAfterTheIdleLimit() throws Exception {
    Pair p = pair();
    upstream.fault(secret(p.faulty()), Fault.stream(4, StreamEnd.STALL, -1));
    java.util.List<String> events = stream(p);
    assertEndsWithError(events);
    assertTrue(events.get(events.size() - 1).contains("stalled"), events.toString());
    assertEquals(1, upstream.callsWith(secret(p.faulty())), "committed: never retried");
  }

  @Test
  void upstreamThatAcceptsAndNeverAnswers_isGivenUpOnAfterTheTimeout_andFailedOver()
      throws Exception {
    Pair p = pair();
    upstream.fault(secret(p.faulty()), Fault.stream(0, StreamEnd.HANG, -1));
    long start = System.nanoTime();
    assertEquals(200, send(p).statusCode());
    long ms = (System.nanoTime() - start) / 1_000_000;
    assertTrue(ms < 15_000, "bounded: " + ms + " ms");
    assertNotNull(reload(p.faulty()).cooldowns().tempUnschedulableUntil());
    assertEquals(
        1, upstream.callsWith(secret(p.faulty())), "switched at once, no same-account retry");
  }

  @Test
  void aStreamWhoseUpstreamSendsNoStatusLine_switchesAfterTheHeaderLimit() throws Exception {
    Pair p = pair();
    upstream.fault(secret(p.faulty()), Fault.stream(0, StreamEnd.HANG, -1));
    long start = System.nanoTime();
    assertWhole(stream(p));
    long ms = (System.nanoTime() - start) / 1_000_000;
    assertEquals(1, upstream.callsWith(secret(p.faulty())));
    assertTrue(ms >= 1_400 && ms < 15_000, "the header limit, once: " + ms + " ms");
  }

  @Test
  void everyAccountSilent_isA504InTheProtocolsShape_neverAHang() throws Exception {
    Pair p = pair();
    upstream.fault(secret(p.faulty()), Fault.stream(0, StreamEnd.HANG, -1));
    upstream.fault(secret(p.healthy()), Fault.stream(0, StreamEnd.HANG, -1));
    HttpResponse<String> r = sendFresh(p);
    assertEquals(504, r.statusCode(), r.body());
    assertTrue(r.body().startsWith("{\"type\":\"error\""), r.body());
    assertTrue(r.body().contains("no upstream answered in time"), r.body());
    assertEquals(1, upstream.callsWith(secret(p.faulty())));
    assertEquals(1, upstream.callsWith(secret(p.healthy())));
  }

  @Test
  void successStatusWithABrokenBody_isAFailure_andNothingOfItReachesTheClient() throws Exception {
    Pair p = pair();
    upstream.fault(secret(p.faulty()), Fault.status(200, -1).withBody("<html>gateway error"));
    HttpResponse<String> r = send(p);
    assertEquals(200, r.statusCode());
    assertTrue(r.body().contains("\"text\":\"hello\""), r.body());
    assertTrue(!r.body().contains("<html>"), r.body());
  }

  @Test
  void accountDownThenHealthy_isAvoidedWhileDown_andUsedAgainSoonAfterItRecovers()
      throws Exception {
    Pair p = pair();
    upstream.fault(secret(p.faulty()), Fault.status(0, -1));
    assertEquals(200, sendFresh(p).statusCode());
    int whileDown = upstream.callsWith(secret(p.faulty()));
    for (int i = 0; i < 3; i++) {
      assertEquals(200, sendFresh(p).statusCode());
    }
    assertEquals(whileDown, upstream.callsWith(secret(p.faulty())), "avoided while parked");
    upstream.clearFaults();
    Instant recovered = Instant.now();
    org.awaitility.Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .pollInterval(Duration.ofMillis(200))
        .until(
            () -> {
              sendFresh(p);
              return upstream.callsWith(secret(p.faulty())) > whileDown;
            });
    System.out.printf(
        "  used again %d ms after recovering%n",
        Duration.between(recovered, Instant.now()).toMillis());
  }

  @Test
  void sessionsOwnAccount_getsOneGraceRetry_beforeTheSessionMoves() throws Exception {
    Pair p = pair();
    assertEquals(200, send(p).statusCode(), "binds the conversation to the preferred account");
    assertEquals(1, upstream.callsWith(secret(p.faulty())));
    upstream.fault(secret(p.faulty()), Fault.status(529, 1));

    assertEquals(200, send(p).statusCode());
    assertEquals(3, upstream.callsWith(secret(p.faulty())), "529 once, then the grace retry");
    assertEquals(0, upstream.callsWith(secret(p.healthy())), "the session did not move");
    assertNull(reload(p.faulty()).cooldowns().overloadUntil(), "recovered: not marked");
  }

  @Test
  void malformedEventMidStream_isSkipped_andTheAnswerCompletes() throws Exception {
    Pair p = pair();
    upstream.fault(secret(p.faulty()), Fault.stream(4, StreamEnd.MALFORMED_THEN_REST, -1));
    java.util.List<String> events = stream(p);
    assertWhole(events);
    assertTrue(events.stream().noneMatch(e -> e.contains("{broken")), events.toString());
    assertEquals(0, upstream.callsWith(secret(p.healthy())));
  }

  @Test
  void persistentServiceUnavailable_switchesAccounts() throws Exception {
    Pair p = pair();
    upstream.fault(secret(p.faulty()), Fault.status(503, -1));
    assertEquals(200, send(p).statusCode());
    assertEquals(1, upstream.callsWith(secret(p.faulty())), "overload: not retried in place");
    assertNotNull(reload(p.faulty()).cooldowns().overloadUntil());
  }

  @Test
  void contentPolicyRefusal_returnsAsItIs() throws Exception {
    Pair p = pair();
    String policy =
        "{\"type\":\"error\",\"error\":{\"type\":\"invalid_request_error\","
            + "\"message\":\"Output blocked by content filtering policy\"}}";
    assertPassedThrough(p, policy);
    assertNull(reload(p.faulty()).cooldowns().tempUnschedulableUntil());
  }

  private static final String MODEL_NOT_FOUND =
      "{\"type\":\"error\",\"error\":{\"type\":\"not_found_error\","
          + "\"message\":\"model: claude-sonnet-4\"}}";

  @Test
  void aModelRefusedOnOneAccount_skipsThatModelThere_andTheOtherAccountServes() throws Exception {
    Pair p = pair();
    upstream.fault(secret(p.faulty()), Fault.status(404, 1).withBody(MODEL_NOT_FOUND));
    assertEquals(200, send(p).statusCode());
    Account faulty = reload(p.faulty());
    assertTrue(faulty.cooldowns().modelLimitedAt("claude-sonnet-4", Instant.now()));
    assertNull(faulty.cooldowns().tempUnschedulableUntil(), "the account itself is not parked");
    assertNull(faulty.cooldowns().rateLimitedUntil());
    int before = upstream.callsWith(secret(p.faulty()));
    // A conversation of its own: the first one is now bound to the account that served it.
    String other =
        "{\"model\":\"claude-haiku-4\",\"max_tokens\":8,\"messages\":[{\"role\":\"user\","
            + "\"content\":\""
            + UUID.randomUUID()
            + "\"}]}";
    assertEquals(200, send(p, other).statusCode());
    assertEquals(before + 1, upstream.callsWith(secret(p.faulty())), "other models still go there");
  }

  @Test
  void aModelEveryAccountRefuses_isTheClientsAnswer_andSoIsTheNextRequestWhileTheyCool()
      throws Exception {
    Pair p = pair();
    upstream.fault(secret(p.faulty()), Fault.status(404, -1).withBody(MODEL_NOT_FOUND));
    upstream.fault(secret(p.healthy()), Fault.status(404, -1).withBody(MODEL_NOT_FOUND));
    HttpResponse<String> r = send(p);
    assertEquals(404, r.statusCode(), r.body());
    assertTrue(r.body().contains("model: claude-sonnet-4"), r.body());
    assertTrue(r.body().contains("\"type\":\"error\""), "Anthropic's error shape: " + r.body());
    int calls = upstream.callsWith(secret(p.faulty())) + upstream.callsWith(secret(p.healthy()));
    assertEquals(2, calls, "each account asked once");
    HttpResponse<String> again = send(p);
    assertEquals(404, again.statusCode(), "a refusal again, not a rate limit: " + again.body());
    assertTrue(again.body().contains("model claude-sonnet-4 was refused"), again.body());
    assertTrue(again.body().contains("\"type\":\"error\""), "Anthropic's shape: " + again.body());
    assertEquals(
        calls,
        upstream.callsWith(secret(p.faulty())) + upstream.callsWith(secret(p.healthy())),
        "answered without an upstream call while both skip the model");
  }

  @Test
  void aRefusedCredential_parksTheAccount() throws Exception {
    Pair p = pair();
    upstream.fault(
        secret(p.faulty()),
        Fault.status(403, -1)
            .withBody(
                "{\"type\":\"error\",\"error\":{\"type\":\"permission_error\","
                    + "\"message\":\"OAuth token has been revoked.\"}}"));
    assertEquals(200, send(p).statusCode());
    assertNotNull(reload(p.faulty()).cooldowns().tempUnschedulableUntil());
  }

  /**
   * One key holder asking again and again for a model the provider refuses with 403 (OpenAI's
   * {@code model_not_found}) gets that refusal each time, and no account of the group leaves the
   * pool: every other model is still served by the account that comes first.
   */
  @Test
  void aStreamOfRequestsForARefusedModel_leavesTheGroupsOtherModelsServed() throws Exception {
    rules.withhold("gpt-withheld");
    Pools pools = pools();
    String id = UUID.randomUUID().toString().substring(0, 8);
    Account first = pools.account(Platform.OPENAI, "sk-first-" + id, 1, 4);
    Account second = pools.account(Platform.OPENAI, "sk-second-" + id, 2, 4);
    String key = pools.key(Platform.OPENAI, 8, first, second);
    String withheld =
        "{\"model\":\"gpt-withheld\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}";
    HttpResponse<String> refused = Sse.send(server.getURI(), "/v1/chat/completions", key, withheld);
    assertEquals(403, refused.statusCode(), "the provider's own answer: " + refused.body());
    assertTrue(refused.body().contains("does not exist or you do not have access"), refused.body());
    for (int i = 0; i < 19; i++) {
      HttpResponse<String> r = Sse.send(server.getURI(), "/v1/chat/completions", key, withheld);
      assertTrue(r.statusCode() == 403 || r.statusCode() == 404, r.statusCode() + " " + r.body());
      assertTrue(r.body().contains("gpt-withheld"), r.body());
    }
    for (Account a : new Account[] {first, second}) {
      Account now = reload(a);
      assertTrue(now.cooldowns().modelLimitedAt("gpt-withheld", Instant.now()));
      assertNull(now.cooldowns().tempUnschedulableUntil(), "account " + a.id() + " not parked");
      assertNull(now.cooldowns().rateLimitedUntil());
      assertTrue(now.isSchedulableAt(Instant.now()), "account " + a.id());
    }
    int before = upstream.callsWith("sk-first-" + id);
    String served = "{\"model\":\"gpt-5\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}";
    HttpResponse<String> ok = Sse.send(server.getURI(), "/v1/chat/completions", key, served);
    assertEquals(200, ok.statusCode(), ok.body());
    assertEquals(before + 1, upstream.callsWith("sk-first-" + id), "served by the first account");
  }
}
