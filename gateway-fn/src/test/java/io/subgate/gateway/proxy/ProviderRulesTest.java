package io.subgate.gateway.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.subgate.testing.StubLlmUpstream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The provider-shaped stub refuses what the real providers refuse: each rule gets a deliberately
 * wrong request straight to the stub, and the right request gets through. A stub that accepted
 * anything would prove nothing about the gateway.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProviderRulesTest {
  private static final HttpClient CLIENT = HttpClient.newHttpClient();
  private static final String MESSAGE = Clients.claudeCodeBody(false, "hi");
  private final StubLlmUpstream stub =
      StubUpstreams.start()
          .rules(
              new ProviderRules()
                  .codexAccount("codex-at", "acct-1")
                  .withhold("gpt-withheld")
                  .withhold("claude-withheld"));

  @AfterAll
  void stop() {
    stub.close();
  }

  private HttpResponse<String> post(String pathAndQuery, String body, String... headers)
      throws Exception {
    return postUrl(stub.baseUrl() + pathAndQuery, body, headers);
  }

  private static HttpResponse<String> postUrl(String url, String body, String... headers)
      throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(url))
            .timeout(Duration.ofSeconds(10))
            .header("content-type", "application/json");
    for (int i = 0; i + 1 < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return CLIENT.send(
        b.POST(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static String[] claudeCode(String... more) {
    String[] base = {
      "authorization", "Bearer sk-ant-oat01-x",
      "anthropic-version", "2023-06-01",
      "anthropic-beta", "claude-code-20250219,oauth-2025-04-20",
      "user-agent", Clients.CLAUDE_CODE_UA
    };
    String[] out = java.util.Arrays.copyOf(base, base.length + more.length);
    System.arraycopy(more, 0, out, base.length, more.length);
    return out;
  }

  @Test
  void anthropic_subscriptionTokens_onlyFromClaudeCode_withTheOAuthBeta_andBetaQuery()
      throws Exception {
    assertEquals(200, post("/v1/messages?beta=true", MESSAGE, claudeCode()).statusCode());

    HttpResponse<String> noBeta =
        post(
            "/v1/messages?beta=true",
            MESSAGE,
            "authorization",
            "Bearer sk-ant-oat01-x",
            "anthropic-version",
            "2023-06-01",
            "user-agent",
            Clients.CLAUDE_CODE_UA);
    assertEquals(401, noBeta.statusCode());
    assertTrue(noBeta.body().contains(ProviderRules.OAUTH_NOT_SUPPORTED), noBeta.body());

    HttpResponse<String> sdk =
        post(
            "/v1/messages?beta=true",
            MESSAGE,
            "authorization",
            "Bearer sk-ant-oat01-x",
            "anthropic-version",
            "2023-06-01",
            "anthropic-beta",
            "oauth-2025-04-20",
            "user-agent",
            "Anthropic/Java 3.14.0");
    assertEquals(400, sdk.statusCode());
    assertTrue(sdk.body().contains(ProviderRules.CLAUDE_CODE_ONLY), sdk.body());

    assertEquals(400, post("/v1/messages", MESSAGE, claudeCode()).statusCode(), "no ?beta=true");
  }

  @Test
  void anthropic_keys_needTheVersion_andAnOAuthTokenIsNoKey() throws Exception {
    assertEquals(
        200,
        post("/v1/messages", MESSAGE, "x-api-key", "sk-ant-api", "anthropic-version", "2023-06-01")
            .statusCode());
    HttpResponse<String> noVersion = post("/v1/messages", MESSAGE, "x-api-key", "sk-ant-api");
    assertEquals(400, noVersion.statusCode());
    assertTrue(noVersion.body().contains("anthropic-version"));
    assertEquals(
        401,
        post(
                "/v1/messages",
                MESSAGE,
                "x-api-key",
                "sk-ant-oat01-x",
                "anthropic-version",
                "2023-06-01")
            .statusCode());
    assertEquals(
        401, post("/v1/messages", MESSAGE, "anthropic-version", "2023-06-01").statusCode());
    HttpResponse<String> noMax =
        post(
            "/v1/messages",
            "{\"model\":\"claude-sonnet-4\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
            "x-api-key",
            "sk-ant-api",
            "anthropic-version",
            "2023-06-01");
    assertEquals(400, noMax.statusCode(), "Messages requires max_tokens");
    assertTrue(noMax.body().contains("max_tokens: Field required"), noMax.body());
  }

  private static String[] codex(String... override) {
    java.util.Map<String, String> h = new java.util.LinkedHashMap<>();
    h.put("authorization", "Bearer codex-at");
    h.put("chatgpt-account-id", "acct-1");
    h.put("originator", "codex_cli_rs");
    h.put("user-agent", Clients.CODEX_UA);
    h.put("version", "0.150.0");
    for (int i = 0; i + 1 < override.length; i += 2) {
      if (override[i + 1].isEmpty()) {
        h.remove(override[i]);
      } else {
        h.put(override[i], override[i + 1]);
      }
    }
    return h.entrySet().stream()
        .flatMap(e -> java.util.stream.Stream.of(e.getKey(), e.getValue()))
        .toArray(String[]::new);
  }

  @Test
  void codex_backend_refusesWhatTheRealOneRefuses() throws Exception {
    String path = StubLlmUpstream.CODEX_PATH;
    String body = Clients.codexBody("hi");
    HttpResponse<String> ok = post(path, body, codex());
    assertEquals(200, ok.statusCode(), ok.body());
    assertTrue(ok.body().contains("response.completed"));

    assertEquals(404, post("/backend-api/codex/v1/responses", body, codex()).statusCode());
    assertEquals(400, post(path, body, codex("chatgpt-account-id", "")).statusCode());
    assertEquals(403, post(path, body, codex("chatgpt-account-id", "acct-2")).statusCode());
    assertEquals(404, post(path, body, codex("originator", "codex-tui")).statusCode());
    assertEquals(404, post(path, body, codex("originator", "opencode")).statusCode());
    assertEquals(404, post(path, body, codex("version", "0.120.0")).statusCode());
    assertEquals(401, post(path, body, codex("authorization", "")).statusCode());

    HttpResponse<String> stored =
        post(path, body.replace("\"store\":false", "\"store\":true"), codex());
    assertEquals(400, stored.statusCode());
    assertTrue(stored.body().contains("Store must be set to false"));
    assertEquals(
        400, post(path, body.replace("\"stream\":true", "\"stream\":false"), codex()).statusCode());
    HttpResponse<String> param =
        post(path, body.replace("{\"model\"", "{\"max_output_tokens\":5,\"model\""), codex());
    assertEquals(400, param.statusCode());
    assertTrue(param.body().contains("Unsupported parameter: max_output_tokens"));
  }

  private HttpResponse<String> get(String path, String... headers) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(stub.baseUrl() + path)).timeout(Duration.ofSeconds(10));
    for (int i = 0; i + 1 < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return CLIENT.send(b.GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void subscriptionUsageReads_takeTheOAuthTokenAsTheProviderWantsIt() throws Exception {
    String claude = StubLlmUpstream.ANTHROPIC_USAGE_PATH;
    String beta = "oauth-2025-04-20";
    HttpResponse<String> usage =
        get(claude, "authorization", "Bearer sk-ant-oat01-x", "anthropic-beta", beta);
    assertEquals(200, usage.statusCode(), usage.body());
    assertTrue(usage.body().contains("five_hour"));
    HttpResponse<String> noBeta = get(claude, "authorization", "Bearer sk-ant-oat01-x");
    assertEquals(401, noBeta.statusCode());
    assertTrue(noBeta.body().contains(ProviderRules.OAUTH_NOT_SUPPORTED), noBeta.body());
    assertEquals(
        401,
        get(claude, "authorization", "Bearer sk-ant-api03-x", "anthropic-beta", beta).statusCode());
    assertEquals(
        401, get(claude, "x-api-key", "sk-ant-oat01-x", "anthropic-beta", beta).statusCode());
    assertEquals(
        405,
        post(claude, "{}", "authorization", "Bearer sk-ant-oat01-x", "anthropic-beta", beta)
            .statusCode());

    String codex = StubLlmUpstream.CODEX_USAGE_PATH;
    HttpResponse<String> plan =
        get(codex, "authorization", "Bearer codex-at", "chatgpt-account-id", "acct-1");
    assertEquals(200, plan.statusCode(), plan.body());
    assertTrue(plan.body().contains("primary_window"));
    assertEquals(400, get(codex, "authorization", "Bearer codex-at").statusCode());
    assertEquals(
        403,
        get(codex, "authorization", "Bearer codex-at", "chatgpt-account-id", "acct-2")
            .statusCode());
    assertEquals(401, get(codex, "chatgpt-account-id", "acct-1").statusCode());
  }

  @Test
  void anAntigravityRelay_takesItsKeyInBothHeaders() throws Exception {
    try (StubLlmUpstream relay = StubUpstreams.start().rules(ProviderRules.relay("relay-key"))) {
      String body = "{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":8,\"messages\":[]}";
      String[] both = {
        "authorization",
        "Bearer relay-key",
        "x-api-key",
        "relay-key",
        "anthropic-version",
        "2023-06-01"
      };
      assertEquals(200, postTo(relay, body, both).statusCode());
      assertEquals(
          401,
          postTo(relay, body, "x-api-key", "relay-key", "anthropic-version", "2023-06-01")
              .statusCode());
      assertEquals(
          401,
          postTo(
                  relay,
                  body,
                  "authorization",
                  "Bearer relay-key",
                  "anthropic-version",
                  "2023-06-01")
              .statusCode());
      assertEquals(
          400,
          postTo(relay, body, "authorization", "Bearer relay-key", "x-api-key", "relay-key")
              .statusCode());
    }
  }

  private static HttpResponse<String> postTo(StubLlmUpstream target, String body, String... headers)
      throws Exception {
    return postUrl(target.baseUrl() + "/v1/messages", body, headers);
  }

  @Test
  void openAi_keys_needBearerAuth() throws Exception {
    String chat = "{\"model\":\"gpt-5\",\"messages\":[]}";
    assertEquals(401, post("/v1/chat/completions", chat).statusCode());
    assertEquals(
        200, post("/v1/chat/completions", chat, "authorization", "Bearer sk-x").statusCode());
  }

  @Test
  void aWithheldModel_isRefusedToEveryKey_inTheProvidersShape() throws Exception {
    HttpResponse<String> openAi =
        post(
            "/v1/chat/completions",
            "{\"model\":\"gpt-withheld\",\"messages\":[]}",
            "authorization",
            "Bearer sk-x");
    assertEquals(403, openAi.statusCode());
    assertTrue(openAi.body().contains("\"code\":\"model_not_found\""), openAi.body());
    HttpResponse<String> anthropic =
        post(
            "/v1/messages",
            MESSAGE.replace("claude-sonnet-4", "claude-withheld"),
            "x-api-key",
            "sk-ant-api",
            "anthropic-version",
            "2023-06-01");
    assertEquals(404, anthropic.statusCode(), anthropic.body());
    assertTrue(anthropic.body().contains("not_found_error"), anthropic.body());
    assertEquals(
        401,
        post("/v1/chat/completions", "{\"model\":\"gpt-withheld\",\"messages\":[]}").statusCode(),
        "the key is checked first");
  }
}
