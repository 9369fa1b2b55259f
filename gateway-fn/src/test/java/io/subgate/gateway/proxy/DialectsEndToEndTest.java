package io.subgate.gateway.proxy;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.subgate.account.Account;
import io.subgate.account.Platform;
import io.subgate.account.QuotaReport;
import io.subgate.gateway.GatewayTestProperties;
import io.subgate.testing.StubLlmUpstream;
import io.subgate.testing.StubLlmUpstream.Fault;
import io.subgate.testing.StubLlmUpstream.StreamEnd;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Claude Code and Codex requests on subscription accounts, and every other client, through the
 * Netty server to a stub that refuses what the real providers refuse: each subscription reaches its
 * provider exactly as its own client would, other clients go to API-key accounts or get a clear 4xx
 * without an upstream call, and errors the request caused never cost the account anything.
 */
@MicronautTest(transactional = false)
class DialectsEndToEndTest extends UpstreamTestBase {

  @Override
  protected void configure(Map<String, String> p) {
    p.put("subgate.proxy.burst-cooldown", "7s");
  }

  @AfterEach
  void heal() {
    upstream.clearFaults();
  }

  private static String id() {
    return UUID.randomUUID().toString().substring(0, 8);
  }

  private Account reload(Account a) {
    return accounts.findById(a.id()).orElseThrow();
  }

  private HttpResponse<String> claudeCode(String key, boolean stream) throws Exception {
    return Sse.send(
        server.getURI(),
        "/v1/messages",
        key,
        Clients.claudeCodeBody(stream, id()),
        Clients.CLAUDE_CODE_HEADERS);
  }

  private HttpResponse<String> codex(String key, String body) throws Exception {
    return Sse.send(server.getURI(), "/v1/responses", key, body, Clients.CODEX_HEADERS);
  }

  @Test
  void claudeCode_onASubscription_reachesAnthropicAsClaudeCode_streamingAndNot() throws Exception {
    String token = "sk-ant-oat01-" + id();
    Account oauth = pools().oauth(Platform.ANTHROPIC, token, null, 1, 4);
    String key = pools().key(Platform.ANTHROPIC, 5, oauth);

    HttpResponse<String> complete = claudeCode(key, false);
    assertEquals(200, complete.statusCode(), complete.body());
    assertEquals("Bearer " + token, upstream.header("authorization"));
    assertEquals("beta=true", upstream.lastQuery());
    assertEquals(Clients.CLAUDE_CODE_UA, upstream.header("user-agent"));
    assertEquals("cli", upstream.header("x-app"));
    assertEquals("", upstream.header("x-api-key"), "the client's key never reaches the provider");

    HttpResponse<String> streamed = claudeCode(key, true);
    assertEquals(200, streamed.statusCode());
    List<String> events = Sse.events(streamed.body());
    assertTrue(events.get(events.size() - 1).startsWith("event: message_stop"), events.toString());
    assertEquals(2, upstream.callsWith(token));
  }

  @Test
  void aClaudeSubscriptionsUsageWindows_areReadFromItsAnswers() throws Exception {
    String token = "sk-ant-oat01-" + id();
    Account oauth = pools().oauth(Platform.ANTHROPIC, token, null, 1, 4);
    String key = pools().key(Platform.ANTHROPIC, 5, oauth);
    long resets = Instant.now().plusSeconds(7200).getEpochSecond();
    upstream.fault(
        token,
        Fault.stream(100, StubLlmUpstream.StreamEnd.NORMAL, 1)
            .withHeader("anthropic-ratelimit-unified-5h-utilization", "0.95")
            .withHeader("anthropic-ratelimit-unified-5h-reset", Long.toString(resets))
            .withHeader("anthropic-ratelimit-unified-5h-status", "allowed_warning"));

    HttpResponse<String> streamed = claudeCode(key, true);

    assertEquals(200, streamed.statusCode(), streamed.body());
    QuotaReport quota =
        await()
            .atMost(Duration.ofSeconds(5))
            .until(() -> reload(oauth).quota(), q -> q != null && !q.windows().isEmpty());
    assertEquals("5h", quota.windows().get(0).label());
    assertEquals(95.0, quota.windows().get(0).usedPercent(), 0.001);
    assertEquals(Instant.ofEpochSecond(resets), quota.windows().get(0).resetsAt());
  }

  @Test
  void otherClients_areRefusedOnSubscriptionOnlyGroups_andServedByKeysInMixedOnes()
      throws Exception {
    String token = "sk-ant-oat01-" + id();
    Account oauth = pools().oauth(Platform.ANTHROPIC, token, null, 1, 4);
    String oauthOnly = pools().key(Platform.ANTHROPIC, 5, oauth);
    int before = upstream.totalCalls();

    HttpResponse<String> refused =
        Sse.send(
            server.getURI(),
            "/v1/messages",
            oauthOnly,
            RequestPathTest.body(RequestPathTest.MESSAGES, false),
            "user-agent",
            "my-agent/1.0");
    assertEquals(403, refused.statusCode());
    assertTrue(refused.body().contains("\"permission_error\""), refused.body());
    assertTrue(refused.body().contains("Claude Code"), refused.body());
    assertEquals(before, upstream.totalCalls(), "no upstream call");

    Account key = pools().account(Platform.ANTHROPIC, "sk-ant-api-" + id(), 9, 4);
    String mixed = pools().key(Platform.ANTHROPIC, 5, oauth, key);
    HttpResponse<String> served =
        Sse.send(
            server.getURI(),
            "/v1/messages",
            mixed,
            RequestPathTest.body(RequestPathTest.MESSAGES, false),
            "user-agent",
            "my-agent/1.0");
    assertEquals(200, served.statusCode(), served.body());
    assertEquals(0, upstream.callsWith(token), "the subscription never carried another client");
    assertEquals(
        1,
        upstream.callsWith(((io.subgate.account.StaticKeyCredentials) key.credentials()).apiKey()));
  }

  @Test
  void codexCli_onAChatGptSubscription_reachesTheCodexBackend_withItsAccountAndIdentity()
      throws Exception {
    String token = "codex-at-" + id();
    rules.codexAccount(token, "acct-" + token);
    Account codex = pools().oauth(Platform.OPENAI, token, "acct-" + token, 1, 4);
    String key = pools().key(Platform.OPENAI, 5, codex);
    upstream
        .answerHeader("x-codex-primary-used-percent", "37.5")
        .answerHeader("x-codex-primary-reset-after-seconds", "3600")
        .answerHeader("x-codex-primary-window-minutes", "300");

    HttpResponse<String> r = codex(key, Clients.codexBody("hi"));
    assertEquals(200, r.statusCode(), r.body());
    List<String> events = Sse.events(r.body());
    assertTrue(events.get(events.size() - 1).startsWith("event: response.completed"));
    assertEquals(1, upstream.callsWith(token));
    assertTrue(upstream.calls(StubLlmUpstream.CODEX_PATH) >= 1, "the Codex backend path");
    assertEquals("acct-" + token, upstream.header("chatgpt-account-id"));
    assertEquals("codex_cli_rs", upstream.header("originator"));
    assertEquals(Clients.CODEX_UA, upstream.header("user-agent"));
    assertEquals("0.150.0", upstream.header("version"));

    QuotaReport quota =
        await()
            .atMost(Duration.ofSeconds(5))
            .until(() -> reload(codex).quota(), q -> q != null && !q.windows().isEmpty());
    assertEquals("5h", quota.windows().get(0).label());
    assertEquals(37.5, quota.windows().get(0).usedPercent());
    HttpResponse<String> view =
        java.net.http.HttpClient.newHttpClient()
            .send(
                java.net.http.HttpRequest.newBuilder(
                        server.getURI().resolve("/admin/accounts/" + codex.id()))
                    .header("authorization", "Bearer " + GatewayTestProperties.ADMIN_TOKEN)
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertEquals(200, view.statusCode());
    assertTrue(view.body().contains("\"used_percent\":37.5"), view.body());
    assertTrue(view.body().contains("\"upstream_account_id\":\"acct-" + token + "\""));
  }

  @Test
  void codexAccounts_refuseOtherClientsAndBodiesTheBackendRefuses_withoutAnUpstreamCall()
      throws Exception {
    String token = "codex-at-" + id();
    rules.codexAccount(token, "acct-" + token);
    Account codex = pools().oauth(Platform.OPENAI, token, "acct-" + token, 1, 4);
    String key = pools().key(Platform.OPENAI, 5, codex);

    HttpResponse<String> sdk =
        Sse.send(
            server.getURI(),
            "/v1/responses",
            key,
            Clients.codexBody("hi"),
            "user-agent",
            "OpenAI/Java 4.8.0");
    assertEquals(403, sdk.statusCode());
    assertTrue(sdk.body().contains("a Codex client"), sdk.body());
    HttpResponse<String> notStreamed =
        codex(key, Clients.codexBody("hi").replace("\"stream\":true", "\"stream\":false"));
    assertEquals(400, notStreamed.statusCode());
    assertTrue(notStreamed.body().contains("stream:"), notStreamed.body());
    HttpResponse<String> stored =
        codex(key, Clients.codexBody("hi").replace("\"store\":false", "\"store\":true"));
    assertEquals(400, stored.statusCode());
    assertTrue(stored.body().contains("store:"), stored.body());
    HttpResponse<String> chat =
        Sse.send(
            server.getURI(),
            "/v1/chat/completions",
            key,
            RequestPathTest.body(RequestPathTest.CHAT, true),
            Clients.CODEX_HEADERS);
    assertEquals(400, chat.statusCode());
    assertTrue(chat.body().contains("/v1/responses"), chat.body());
    assertEquals(0, upstream.callsWith(token));

    Account apiKey = pools().account(Platform.OPENAI, "sk-openai-" + id(), 9, 4);
    String mixed = pools().key(Platform.OPENAI, 5, codex, apiKey);
    HttpResponse<String> served =
        Sse.send(
            server.getURI(),
            "/v1/chat/completions",
            mixed,
            RequestPathTest.body(RequestPathTest.CHAT, false),
            "user-agent",
            "OpenAI/Java 4.8.0");
    assertEquals(200, served.statusCode(), served.body());
    assertEquals(0, upstream.callsWith(token));
  }

  private static Fault usageLimit(double primaryUsed, double secondaryUsed) {
    return Fault.status(429, -1)
        .withHeader("x-codex-primary-used-percent", Double.toString(primaryUsed))
        .withHeader("x-codex-primary-reset-after-seconds", "600")
        .withHeader("x-codex-primary-window-minutes", "300")
        .withHeader("x-codex-secondary-used-percent", Double.toString(secondaryUsed))
        .withHeader("x-codex-secondary-reset-after-seconds", "400000")
        .withHeader("x-codex-secondary-window-minutes", "10080");
  }

  @Test
  void aCodexAccountNearTheEndOfItsWindow_isPassedOver_whileAPeerHasHeadroom() throws Exception {
    String tight = "codex-tight-" + id();
    String roomy = "codex-roomy-" + id();
    rules.codexAccount(tight, "acct-" + tight).codexAccount(roomy, "acct-" + roomy);
    Account nearLimit = pools().oauth(Platform.OPENAI, tight, "acct-" + tight, 1, 4);
    Account withRoom = pools().oauth(Platform.OPENAI, roomy, "acct-" + roomy, 1, 4);
    // Least recently used alone would pick the tight account.
    accounts.touchLastUsed(nearLimit.id(), Instant.now().minusSeconds(3600));
    accounts.touchLastUsed(withRoom.id(), Instant.now().minusSeconds(5));
    accounts.recordQuota(
        nearLimit.id(),
        new QuotaReport(
            List.of(
                new io.subgate.account.QuotaWindow(
                    "5h", 96.0, 300, Instant.now().plusSeconds(3600))),
            Instant.now()));
    String key = pools().key(Platform.OPENAI, 5, nearLimit, withRoom);

    HttpResponse<String> r = codex(key, Clients.codexBody("hi"));

    assertEquals(200, r.statusCode(), r.body());
    assertEquals(1, upstream.callsWith(roomy), "served where quota is left");
    assertEquals(0, upstream.callsWith(tight));
  }

  @Test
  void codexUsageLimit_parksUntilTheExhaustedWindow_aBurstOnlyBriefly_andAnotherAccountServes()
      throws Exception {
    String weekly = "codex-weekly-" + id();
    String burst = "codex-burst-" + id();
    String healthy = "codex-ok-" + id();
    for (String t : List.of(weekly, burst, healthy)) {
      rules.codexAccount(t, "acct-" + t);
    }
    Account spent = pools().oauth(Platform.OPENAI, weekly, "acct-" + weekly, 1, 4);
    Account bursting = pools().oauth(Platform.OPENAI, burst, "acct-" + burst, 2, 4);
    Account ok = pools().oauth(Platform.OPENAI, healthy, "acct-" + healthy, 9, 4);
    String key = pools().key(Platform.OPENAI, 5, spent, bursting, ok);
    upstream.fault(weekly, usageLimit(40.0, 100.0)).fault(burst, usageLimit(12.0, 30.0));

    Instant before = Instant.now();
    HttpResponse<String> r = codex(key, Clients.codexBody("hi"));
    assertEquals(200, r.statusCode(), r.body());
    assertEquals(1, upstream.callsWith(healthy));

    Instant weeklyUntil = reload(spent).cooldowns().rateLimitedUntil();
    assertTrue(
        weeklyUntil != null && weeklyUntil.isAfter(before.plusSeconds(399_000)),
        "parked until the 7-day window resets: " + weeklyUntil);
    Instant burstUntil = reload(bursting).cooldowns().rateLimitedUntil();
    assertTrue(
        burstUntil != null && burstUntil.isBefore(Instant.now().plusSeconds(8)),
        "a burst with headroom costs only the burst cooldown: " + burstUntil);
  }

  @Test
  void anErrorTheRequestCaused_reachesTheClient_isNeverRetried_andLeavesTheAccountAlone()
      throws Exception {
    String token = "codex-at-" + id();
    String other = "codex-other-" + id();
    rules.codexAccount(token, "acct-" + token).codexAccount(other, "acct-" + other);
    Account first = pools().oauth(Platform.OPENAI, token, "acct-" + token, 1, 4);
    Account second = pools().oauth(Platform.OPENAI, other, "acct-" + other, 9, 4);
    String key = pools().key(Platform.OPENAI, 5, first, second);
    upstream.fault(token, Fault.stream(1, StreamEnd.REQUEST_FAULT_EVENT, -1));

    HttpResponse<String> r = codex(key, Clients.codexBody("a very long prompt"));
    assertEquals(200, r.statusCode());
    List<String> events = Sse.events(r.body());
    String last = events.get(events.size() - 1);
    assertTrue(last.startsWith("event: response.failed"), events.toString());
    assertTrue(last.contains("context_length_exceeded"), last);
    assertEquals(1, upstream.callsWith(token), "never retried");
    assertEquals(0, upstream.callsWith(other), "never moved to another account");
    Account after = reload(first);
    assertTrue(after.isSchedulableAt(Instant.now()), "the account stays schedulable");
    assertNull(after.lastUpstreamFailure(), "nothing counted against the account");
  }

  @Test
  void claudeCode_promptTooLong_isTheClientsAnswer_notTheAccounts() throws Exception {
    String token = "sk-ant-oat01-" + id();
    String other = "sk-ant-oat01-" + id();
    Account first = pools().oauth(Platform.ANTHROPIC, token, null, 1, 4);
    Account second = pools().oauth(Platform.ANTHROPIC, other, null, 9, 4);
    String key = pools().key(Platform.ANTHROPIC, 5, first, second);
    upstream.fault(token, Fault.stream(1, StreamEnd.REQUEST_FAULT_EVENT, -1));

    HttpResponse<String> r = claudeCode(key, true);
    List<String> events = Sse.events(r.body());
    String last = events.get(events.size() - 1);
    assertTrue(last.startsWith("event: error"), events.toString());
    assertTrue(last.contains("prompt is too long"), last);
    assertEquals(1, upstream.callsWith(token));
    assertEquals(0, upstream.callsWith(other));
    assertNull(reload(first).lastUpstreamFailure());
    assertTrue(reload(first).isSchedulableAt(Instant.now()));
  }
}
