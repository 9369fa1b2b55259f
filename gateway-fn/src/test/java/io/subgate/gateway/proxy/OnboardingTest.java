package io.subgate.gateway.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.subgate.testing.StubGoogle;
import io.subgate.testing.StubTokenServer;
import jakarta.inject.Inject;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Onboarding as an operator does it with curl: the sign-in URL of each platform's own client, the
 * code (or pasted callback) exchanged against provider stubs that check PKCE, the account created
 * with what its provider returned (Codex account id, Google project); a state used twice, expired
 * or unknown is a 400 and stores nothing; native credential files imported after one refresh.
 */
@MicronautTest(transactional = false)
class OnboardingTest extends UpstreamTestBase {
  @Inject JsonMapper json;
  private final StubTokenServer tokens = StubTokenServer.start();
  private final StubGoogle google = new StubGoogle();

  @Override
  protected void configure(Map<String, String> p) {
    p.put("subgate.platforms.anthropic.token-url", tokens.tokenUrl());
    p.put("subgate.platforms.openai.token-url", tokens.tokenUrl());
    for (String g : new String[] {"gemini", "antigravity"}) {
      p.put("subgate.platforms." + g + ".token-url", google.tokenUrl());
    }
    p.put("subgate.platforms.gemini.oauth-api-base-url", google.baseUrl());
    p.put(
        "subgate.platforms.antigravity.oauth-api-base-url",
        google.baseUrl() + "/daily," + google.baseUrl() + "/prod");
  }

  @AfterAll
  void stopStubs() {
    tokens.close();
    google.close();
  }

  private JsonNode body(HttpResponse<String> r) {
    try {
      return json.readValue(r.body(), JsonNode.class);
    } catch (java.io.IOException e) {
      throw new AssertionError(r.body(), e);
    }
  }

  /** Starts a sign-in; returns the authorization URL's parameters. */
  private Map<String, String> authorize(String platform, String kind) {
    HttpResponse<String> r =
        admin().post("/admin/oauth/" + platform + "/authorize", "{\"kind\":\"" + kind + "\"}");
    assertEquals(200, r.statusCode(), r.body());
    Map<String, String> params = query(body(r).get("authorization_url").getStringValue());
    assertEquals("S256", params.get("code_challenge_method"));
    assertEquals(body(r).get("state").getStringValue(), params.get("state"));
    return params;
  }

  private static String name() {
    return "signed-in-" + UUID.randomUUID().toString().substring(0, 8);
  }

  @Test
  void claudeAndCodex_signIn_withTheirOwnClients_andAStateWorksOnce() {
    Map<String, String> claude = authorize("anthropic", "setup-token");
    tokens.authorized("claude-code-1", String.valueOf(claude.get("code_challenge")));
    HttpResponse<String> setupToken = pasteClaudeCode("claude-code-1", claude.get("state"));
    HttpResponse<String> again = pasteClaudeCode("claude-code-1", claude.get("state"));

    tokens.idToken(idToken("acct-login"));
    Map<String, String> codex = authorize("openai", "oauth");
    tokens.authorized("codex-code-1", String.valueOf(codex.get("code_challenge")));
    HttpResponse<String> chatgpt =
        admin()
            .post(
                "/admin/oauth/openai/exchange",
                "{\"callback_url\":\"http://localhost:1455/auth/callback?code=codex-code-1&state="
                    + codex.get("state")
                    + "\",\"name\":\""
                    + name()
                    + "\"}");
    tokens.idToken("");

    assertEquals("9d1c250a-e61b-44d9-88ed-5944d1962f5e", claude.get("client_id"));
    assertEquals("user:inference", claude.get("scope"));
    assertEquals(201, setupToken.statusCode(), setupToken.body());
    assertEquals("setup-token", body(setupToken).get("type").getStringValue());
    assertTrue(body(setupToken).get("has_refresh_token").getBooleanValue());
    assertFalse(setupToken.body().contains("at-login"), "tokens are never echoed");
    assertEquals(400, again.statusCode(), "a state works once: " + again.body());
    assertEquals("state", body(again).get("error").get("field").getStringValue());
    assertEquals("app_EMoamEEZ73f0CkXaXp7hrann", codex.get("client_id"));
    assertEquals(201, chatgpt.statusCode(), chatgpt.body());
    assertEquals("acct-login", body(chatgpt).get("upstream_account_id").getStringValue());
  }

  /** Claude's sign-in page shows {@code code#state} to paste; this pastes it. */
  private HttpResponse<String> pasteClaudeCode(String code, @Nullable String state) {
    return admin()
        .post(
            "/admin/oauth/anthropic/exchange",
            "{\"code\":\"" + code + "#" + state + "\",\"name\":\"" + name() + "\"}");
  }

  /** An OpenAI id token (unsigned) naming the ChatGPT account. */
  private static String idToken(String chatgptAccountId) {
    String claims =
        "{\"https://api.openai.com/auth\":{\"chatgpt_account_id\":\"" + chatgptAccountId + "\"}}";
    return "e30."
        + Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(claims.getBytes(StandardCharsets.UTF_8))
        + ".s";
  }

  /** Signs in on {@code platform} with {@code code}; returns the created account's id. */
  private String signIn(String platform, String kind, String code) {
    Map<String, String> params = authorize(platform, kind);
    tokens.authorized(code, String.valueOf(params.get("code_challenge")));
    HttpResponse<String> created =
        admin()
            .post(
                "/admin/oauth/" + platform + "/exchange",
                "{\"code\":\""
                    + code
                    + "\",\"state\":\""
                    + params.get("state")
                    + "\",\"name\":\""
                    + name()
                    + "\"}");
    assertEquals(201, created.statusCode(), created.body());
    return String.valueOf(body(created).get("id").getValue());
  }

  @Test
  void aSubscriptionsCheck_readsTheUsageItsOwnClientShows_withItsFreshToken() {
    String claude = signIn("anthropic", "oauth", "claude-code-check");
    String setupToken = signIn("anthropic", "setup-token", "claude-setup-check");
    tokens.idToken(idToken("acct-check"));
    String codex = signIn("openai", "oauth", "codex-code-check");
    tokens.idToken("");

    HttpResponse<String> claudeCheck = admin().post("/admin/accounts/" + claude + "/check", "");
    String claudeBeta = upstream.header("anthropic-beta");
    HttpResponse<String> setupCheck = admin().post("/admin/accounts/" + setupToken + "/check", "");
    HttpResponse<String> codexCheck = admin().post("/admin/accounts/" + codex + "/check", "");

    assertTrue(claudeCheck.body().contains("\"step\":\"refresh\""), claudeCheck.body());
    assertFalse(claudeCheck.body().contains("\"ok\":false"), claudeCheck.body());
    assertTrue(
        claudeCheck.body().contains("5-hour window 25% used, 7-day window 40% used"),
        claudeCheck.body());
    assertTrue(claudeCheck.body().contains("\"success\":true"), claudeCheck.body());
    assertTrue(claudeBeta.contains("oauth-2025-04-20"), claudeBeta);
    assertFalse(setupCheck.body().contains("\"step\":\"usage\""), setupCheck.body());
    assertTrue(setupCheck.body().contains("\"success\":true"), setupCheck.body());
    assertTrue(
        codexCheck.body().contains("300-minute window 11% used, 10080-minute window 75% used"),
        codexCheck.body());
    assertTrue(codexCheck.body().contains("plan pro"), codexCheck.body());
    assertTrue(codexCheck.body().contains("\"success\":true"), codexCheck.body());
    assertEquals("acct-check", upstream.header("chatgpt-account-id"));
    assertFalse(codexCheck.body().contains("at-login"), "no token in the events");
  }

  @Test
  void geminiAndAntigravity_signIn_andGetTheirProjectAtExchange() {
    Map<String, String> gemini = authorize("gemini", "oauth");
    google.authorized("g-code", String.valueOf(gemini.get("code_challenge")), "proj-signed-in");
    HttpResponse<String> created =
        admin()
            .post(
                "/admin/oauth/gemini/exchange",
                "{\"state\":\""
                    + gemini.get("state")
                    + "\",\"code\":\"g-code\",\"name\":\""
                    + name()
                    + "\"}");
    Map<String, String> antigravity = authorize("antigravity", "oauth");
    google.authorized(
        "ag-code", String.valueOf(antigravity.get("code_challenge")), "proj-ag-signed-in");
    HttpResponse<String> agCreated =
        admin()
            .post(
                "/admin/oauth/antigravity/exchange",
                "{\"state\":\""
                    + antigravity.get("state")
                    + "\",\"code\":\"ag-code\",\"name\":\""
                    + name()
                    + "\"}");
    HttpResponse<String> wrongVerifier =
        admin()
            .post(
                "/admin/oauth/gemini/exchange",
                "{\"state\":\""
                    + authorize("gemini", "oauth").get("state")
                    + "\",\"code\":\"never-authorized\",\"name\":\""
                    + name()
                    + "\"}");

    assertEquals(
        "681255809395-oo8ft2oprdrnp9e3aqf6av3hmdib135j.apps.googleusercontent.com",
        gemini.get("client_id"));
    assertEquals(201, created.statusCode(), created.body());
    assertEquals("proj-signed-in", body(created).get("project_id").getStringValue());
    assertEquals(
        "1071006060591-tmhssin2h21lcre235vtolojh4g403ep.apps.googleusercontent.com",
        antigravity.get("client_id"));
    assertEquals(201, agCreated.statusCode(), agCreated.body());
    assertEquals("proj-ag-signed-in", body(agCreated).get("project_id").getStringValue());
    assertEquals(400, wrongVerifier.statusCode(), wrongVerifier.body());
    assertEquals("code", body(wrongVerifier).get("error").get("field").getStringValue());
  }

  @Test
  void unknownStates_andSetupTokensOutsideAnthropic_areRefused() {
    HttpResponse<String> unknown =
        admin()
            .post(
                "/admin/oauth/openai/exchange",
                "{\"state\":\"made-up\",\"code\":\"c\",\"name\":\"" + name() + "\"}");
    HttpResponse<String> setupToken =
        admin().post("/admin/oauth/openai/authorize", "{\"kind\":\"setup-token\"}");
    HttpResponse<String> noPlatform = admin().post("/admin/oauth/bard/authorize", "");

    assertEquals(400, unknown.statusCode());
    assertEquals("state", body(unknown).get("error").get("field").getStringValue());
    assertEquals(400, setupToken.statusCode());
    assertEquals(400, noPlatform.statusCode());
    assertEquals("platform", body(noPlatform).get("error").get("field").getStringValue());
  }

  @Test
  void nativeCredentialFiles_areImported_afterOneRefresh_orRefusedNamingTheField() {
    tokens.allow("rt-claude-file");
    google.refreshable("rt-gemini-file", "proj-file");
    String claudeFile =
        "{\"claudeAiOauth\":{\"accessToken\":\"sk-ant-oat01-file\",\"refreshToken\":\"rt-claude-file\","
            + "\"expiresAt\":1795000000000,\"scopes\":[\"user:inference\"]}}";
    String geminiFile =
        "{\"access_token\":\"ya29.old\",\"refresh_token\":\"rt-gemini-file\",\"expiry_date\":1795000000000,"
            + "\"token_type\":\"Bearer\"}";

    HttpResponse<String> claude = importFile("anthropic", claudeFile);
    HttpResponse<String> gemini = importFile("gemini", geminiFile);
    HttpResponse<String> revoked = importFile("anthropic", claudeFile);
    HttpResponse<String> missing = importFile("openai", "{\"tokens\":{\"access_token\":\"a\"}}");

    assertEquals(201, claude.statusCode(), claude.body());
    assertEquals("oauth", body(claude).get("type").getStringValue());
    assertEquals(201, gemini.statusCode(), gemini.body());
    assertEquals("proj-file", body(gemini).get("project_id").getStringValue());
    assertEquals(400, revoked.statusCode(), "the refresh token was used up: " + revoked.body());
    assertTrue(revoked.body().contains("INVALID_GRANT"), revoked.body());
    assertEquals(400, missing.statusCode());
    assertEquals(
        "file.tokens.refresh_token", body(missing).get("error").get("field").getStringValue());
  }

  private HttpResponse<String> importFile(String platform, String file) {
    try {
      return admin()
          .post(
              "/admin/accounts/import",
              "{\"platform\":\""
                  + platform
                  + "\",\"name\":\""
                  + name()
                  + "\",\"file\":"
                  + json.writeValueAsString(file)
                  + "}");
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
  }
}
