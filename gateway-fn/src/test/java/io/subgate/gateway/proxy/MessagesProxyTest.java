package io.subgate.gateway.proxy;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import io.subgate.account.Account;
import io.subgate.account.AccountRepository;
import io.subgate.account.AccountType;
import io.subgate.account.NewAccount;
import io.subgate.account.OAuthCredentials;
import io.subgate.account.Platform;
import io.subgate.account.StaticKeyCredentials;
import io.subgate.concurrency.ConcurrencySlots;
import io.subgate.concurrency.SlotPool;
import io.subgate.gateway.GatewayTestProperties;
import io.subgate.tenancy.ApiKeyRepository;
import io.subgate.tenancy.ApiKeys;
import io.subgate.tenancy.GroupRepository;
import io.subgate.tenancy.UsageRecord;
import io.subgate.tenancy.UsageRepository;
import io.subgate.tenancy.UserRepository;
import io.subgate.testing.StubLlmUpstream;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * {@code POST /v1/messages} through the Netty server to a stub Anthropic upstream. Not
 * transactional: rows the test writes must be visible to the server's request threads.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MessagesProxyTest implements TestPropertyProvider {
  private static final String BODY =
      "{\"model\":\"claude-sonnet-4\",\"max_tokens\":64,"
          + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
  private static final HttpClient CLIENT = HttpClient.newHttpClient();

  private final StubLlmUpstream upstream = StubUpstreams.start();

  @Inject EmbeddedServer server;
  @Inject AccountRepository accounts;
  @Inject GroupRepository groups;
  @Inject UserRepository users;
  @Inject ApiKeyRepository keys;
  @Inject UsageRepository usage;
  @Inject ConcurrencySlots slots;

  @Override
  public Map<String, String> getProperties() {
    Map<String, String> p = GatewayTestProperties.embedded();
    p.put("subgate.platforms.anthropic.api-base-url", upstream.baseUrl());
    return p;
  }

  @AfterAll
  void stop() {
    upstream.close();
  }

  /** A group with the given account, a user and a key; returns the plaintext key. */
  private String pool(Account account) {
    String suffix = UUID.randomUUID().toString().substring(0, 8);
    long group = groups.create("g-" + suffix, Platform.ANTHROPIC).id();
    groups.addAccounts(group, List.of(account.id()));
    long user = users.create("u-" + suffix, 5).id();
    String key = ApiKeys.generate();
    keys.create(user, group, "k", ApiKeys.hash(key), ApiKeys.displayPrefix(key));
    return key;
  }

  private Account apiKeyAccount(String secret) {
    return accounts.create(
        new NewAccount(
            "a-" + UUID.randomUUID(),
            Platform.ANTHROPIC,
            AccountType.APIKEY,
            1,
            2,
            new StaticKeyCredentials(secret, null)));
  }

  private HttpResponse<String> post(String key, String body) throws Exception {
    return CLIENT.send(
        HttpRequest.newBuilder(URI.create(server.getURI() + "/v1/messages"))
            .timeout(Duration.ofSeconds(20))
            .header("x-api-key", key)
            .header("content-type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void message_isForwardedWithTheAccountsKey_andTheAnswerPassesThrough() throws Exception {
    Account account = apiKeyAccount("sk-ant-api-UPSTREAM");
    String key = pool(account);

    HttpResponse<String> r = post(key, BODY);

    assertEquals(200, r.statusCode(), r.body());
    assertTrue(r.body().contains("\"text\":\"hello\""));
    assertEquals("req_upstream_1", r.headers().firstValue("request-id").orElse(""));
    assertEquals("sk-ant-api-UPSTREAM", upstream.header("x-api-key"));
    assertEquals("2023-06-01", upstream.header("anthropic-version"));
    assertEquals(BODY, upstream.lastBody(), "the body passes through unchanged");
    // Slots are released right after the response is handed to the client, not before it.
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> slots.inUse(SlotPool.account(account.id()), Duration.ofMinutes(15)) == 0);

    UsageRecord recorded =
        await()
            .atMost(Duration.ofSeconds(5))
            .until(
                () -> usage.recentForKey(keys.findByHash(ApiKeys.hash(key)).orElseThrow().id(), 1),
                l -> !l.isEmpty())
            .get(0);
    assertEquals(12, recorded.inputTokens());
    assertEquals(34, recorded.outputTokens());
    assertEquals(200, recorded.statusCode());
    assertEquals("claude-sonnet-4", recorded.model());
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> accounts.findById(account.id()).orElseThrow().lastUsedAt() != null);
  }

  @Test
  void oauthAccount_sendsItsBearerTokenAndTheOauthBeta_forClaudeCode() throws Exception {
    Account account =
        accounts.create(
            new NewAccount(
                "o-" + UUID.randomUUID(),
                Platform.ANTHROPIC,
                AccountType.OAUTH,
                1,
                2,
                new OAuthCredentials(
                    "sk-ant-oat-BEARER", "rt", Instant.now().plusSeconds(7200), null, null, null)));
    String key = pool(account);
    HttpResponse<String> r =
        Sse.send(
            server.getURI(),
            "/v1/messages",
            key,
            Clients.claudeCodeBody(false, "hi"),
            Clients.CLAUDE_CODE_HEADERS);
    assertEquals(200, r.statusCode(), r.body());
    assertEquals("Bearer sk-ant-oat-BEARER", upstream.header("authorization"));
    assertEquals(
        "claude-code-20250219,oauth-2025-04-20,interleaved-thinking-2025-05-14",
        upstream.header("anthropic-beta"));
    assertEquals("beta=true", upstream.lastQuery());
    assertEquals(Clients.CLAUDE_CODE_UA, upstream.header("user-agent"));

    int before = upstream.totalCalls();
    HttpResponse<String> other = post(key, BODY);
    assertEquals(403, other.statusCode(), other.body());
    assertTrue(other.body().contains("\"permission_error\""), other.body());
    assertTrue(other.body().contains("Claude Code"), other.body());
    assertEquals(before, upstream.totalCalls(), "no upstream call for another client");
  }

  @Test
  void badKeys_andBadBodies_areAnsweredInTheAnthropicShape() throws Exception {
    String key = pool(apiKeyAccount("sk-x"));
    int before = upstream.totalCalls();
    HttpResponse<String> unauthorized = post("sk-sg-wrong", BODY);
    assertEquals(401, unauthorized.statusCode());
    assertTrue(
        unauthorized
            .body()
            .startsWith("{\"type\":\"error\",\"error\":{\"type\":\"authentication_error\""));

    for (String bad : List.of("", "{not json", "[1]", "{\"max_tokens\":1}")) {
      HttpResponse<String> r = post(key, bad);
      assertEquals(400, r.statusCode(), bad);
      assertTrue(r.body().contains("\"invalid_request_error\""), r.body());
    }
    assertEquals(before, upstream.totalCalls(), "nothing reached the upstream");
  }

  @Test
  void upstreamClientErrors_passThroughUnchanged() throws Exception {
    String key = pool(apiKeyAccount("sk-y"));
    upstream.status(400);
    try {
      HttpResponse<String> r = post(key, BODY);
      assertEquals(400, r.statusCode());
      assertTrue(r.body().contains("upstream says 400"), r.body());
    } finally {
      upstream.status(200);
    }
  }

  @Test
  void noSchedulableAccount_is429WhenAllAreRateLimited_withRetryAfter() throws Exception {
    Account account = apiKeyAccount("sk-z");
    String key = pool(account);
    accounts.setRateLimitedUntil(account.id(), Instant.now().plusSeconds(90));
    HttpResponse<String> r = post(key, BODY);
    assertEquals(429, r.statusCode());
    assertTrue(r.body().contains("\"rate_limit_error\""));
    long retryAfter = Long.parseLong(r.headers().firstValue("retry-after").orElse("0"));
    assertTrue(retryAfter > 60 && retryAfter <= 90, "Retry-After " + retryAfter);
  }
}
