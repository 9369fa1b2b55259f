package io.subgate.gateway.dialect;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.subgate.account.AccountType;
import io.subgate.account.Platform;
import io.subgate.account.QuotaWindow;
import io.subgate.gateway.protocol.ProxyRequest;
import io.subgate.gateway.protocol.Route;
import io.subgate.token.CachedToken;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AnthropicDialectsTest {
  private static final String BODY = "{\"model\":\"claude-sonnet-4\",\"max_tokens\":8}";
  private final AnthropicOAuthDialect oauth =
      new AnthropicOAuthDialect(Dialects.ENDPOINTS, Dialects.JSON, Dialects.CLOCK);
  private final AnthropicKeyDialect key =
      new AnthropicKeyDialect(Dialects.ENDPOINTS, Dialects.JSON, Dialects.CLOCK);

  private static ProxyRequest claudeCode(Route route, String betas) {
    return Dialects.request(
        route,
        BODY,
        "User-Agent",
        "claude-cli/2.1.80 (external, cli)",
        "x-app",
        "cli",
        "anthropic-beta",
        betas,
        "anthropic-version",
        "2023-06-01",
        "X-Stainless-Lang",
        "js",
        "x-api-key",
        "sk-sg-client-key",
        "authorization",
        "Bearer sk-sg-client-key",
        "cookie",
        "session=1",
        "x-forwarded-for",
        "10.1.1.1",
        "X-Amzn-Trace-Id",
        "Root=1-abc",
        "X-Claude-Code-Header-Of-A-Later-Version",
        "v");
  }

  @Test
  void oauth_keepsBetaQuery_bearer_insertsOAuthBetaAfterClaudeCode_relaysOwnHeaders() {
    UpstreamCall call =
        oauth.prepare(
            claudeCode(Route.MESSAGES, "claude-code-20250219, interleaved-thinking-2025-05-14"),
            Dialects.oauth(1, Platform.ANTHROPIC, null),
            new CachedToken("sk-ant-oat-UPSTREAM", 1));

    assertEquals("http://anthropic.test/v1/messages?beta=true", call.uri().toString());
    assertEquals("Bearer sk-ant-oat-UPSTREAM", call.headers().get("authorization"));
    assertEquals(
        "claude-code-20250219,oauth-2025-04-20,interleaved-thinking-2025-05-14",
        call.headers().get("anthropic-beta"));
    assertEquals("claude-cli/2.1.80 (external, cli)", call.headers().get("user-agent"));
    assertEquals("cli", call.headers().get("x-app"));
    assertEquals("js", call.headers().get("x-stainless-lang"));
    assertFalse(call.headers().containsKey("x-api-key"), "the client's key never goes upstream");
    assertFalse(call.headers().containsKey("cookie"));
    assertFalse(call.headers().containsKey("x-forwarded-for"));
    assertFalse(call.headers().containsKey("x-amzn-trace-id"), "API Gateway's, not the client's");
    assertEquals(
        "v",
        call.headers().get("x-claude-code-header-of-a-later-version"),
        "a header a later Claude Code adds goes through without a gateway release");
    assertArrayEquals(BODY.getBytes(StandardCharsets.UTF_8), call.body(), "body as sent");
  }

  @Test
  void oauth_betaList_oauthFirstWithoutClaudeCode_noRepeats_tokenCountingOnCountTokens() {
    assertEquals(
        "oauth-2025-04-20,fine-grained-tool-streaming-2025-05-14",
        String.join(
            ",",
            AnthropicOAuthDialect.betas(
                claudeCode(
                    Route.MESSAGES,
                    "fine-grained-tool-streaming-2025-05-14,fine-grained-tool-streaming-2025-05-14"))));
    assertEquals(
        "claude-code-20250219,oauth-2025-04-20",
        String.join(
            ",",
            AnthropicOAuthDialect.betas(
                claudeCode(Route.MESSAGES, "claude-code-20250219,oauth-2025-04-20"))));
    UpstreamCall count =
        oauth.prepare(
            claudeCode(Route.COUNT_TOKENS, ""),
            Dialects.oauth(1, Platform.ANTHROPIC, null),
            new CachedToken("t", 1));
    assertEquals(
        "http://anthropic.test/v1/messages/count_tokens?beta=true", count.uri().toString());
    assertEquals(
        "oauth-2025-04-20,token-counting-2024-11-01", count.headers().get("anthropic-beta"));
  }

  @Test
  void apiKey_xApiKey_defaultVersion_ownBaseUrl() {
    ProxyRequest plain = Dialects.request(Route.MESSAGES, BODY, "authorization", "Bearer sk-sg-x");
    UpstreamCall call =
        key.prepare(
            plain, Dialects.apiKey(2, Platform.ANTHROPIC), new CachedToken("sk-ant-api", 1));
    assertEquals("http://anthropic.test/v1/messages", call.uri().toString());
    assertEquals("sk-ant-api", call.headers().get("x-api-key"));
    assertEquals("2023-06-01", call.headers().get("anthropic-version"));
    assertFalse(call.headers().containsKey("authorization"));
    assertFalse(call.headers().containsKey("anthropic-beta"));

    UpstreamCall relay =
        key.prepare(
            plain,
            Dialects.account(
                3,
                Platform.ANTHROPIC,
                AccountType.UPSTREAM,
                new io.subgate.account.StaticKeyCredentials("k", "https://relay.test/api/")),
            new CachedToken("k", 1));
    assertEquals("https://relay.test/api/v1/messages", relay.uri().toString());
  }

  @Test
  void oauthAccountsAreForClaudeCode_keysForAnyClient() {
    assertEquals(io.subgate.gateway.protocol.ClientIdentity.CLAUDE_CODE, oauth.client());
    assertEquals(io.subgate.gateway.protocol.ClientIdentity.OTHER, key.client());
    assertEquals(
        java.util.Set.of(AccountType.OAUTH, AccountType.SETUP_TOKEN), oauth.accountTypes());
    assertFalse(oauth.speaks(Route.RESPONSES).isPresent());
  }

  @Test
  void claudeUsageWindows_areReadFromTheUnifiedHeaders_andA429ParksUntilTheUsedUpOne() {
    Instant now = Dialects.CLOCK.instant();
    long fiveHours = now.plusSeconds(3_600).getEpochSecond();
    long week = now.plusSeconds(400_000).getEpochSecond();
    Map<String, String> h = new HashMap<>();
    h.put("anthropic-ratelimit-unified-5h-utilization", "0.42");
    h.put("anthropic-ratelimit-unified-5h-reset", Long.toString(fiveHours));
    h.put("anthropic-ratelimit-unified-7d-status", "rejected");
    h.put("anthropic-ratelimit-unified-7d-reset", Long.toString(week * 1000));

    List<QuotaWindow> read = oauth.quota(ResetHintsTest.answer(200, h));
    h.put(
        "anthropic-ratelimit-unified-5h-reset",
        Long.toString(now.minusSeconds(86_400).getEpochSecond()));
    List<QuotaWindow> implausible = oauth.quota(ResetHintsTest.answer(200, h));
    UpstreamFailure parked = oauth.judge(ResetHintsTest.answer(429, h), new byte[0]).orElseThrow();

    assertEquals(2, read.size());
    assertEquals(new QuotaWindow("5h", 42.0, 300, Instant.ofEpochSecond(fiveHours)), read.get(0));
    assertEquals(
        new QuotaWindow("7d", 100.0, 10_080, Instant.ofEpochSecond(week)),
        read.get(1),
        "rejected is used up; a reset in milliseconds is recognised");
    assertEquals(List.of("7d"), implausible.stream().map(QuotaWindow::label).toList());
    assertEquals(Duration.between(now, Instant.ofEpochSecond(week)), parked.resetAfter());
    assertEquals(List.of(), key.quota(ResetHintsTest.answer(200, h)), "API keys report none");
  }

  @Test
  void aKeysModelMapping_renamesTheModel_andLeavesTheRestOfTheBodyAsSent() {
    io.subgate.account.Account mapped =
        Dialects.account(
            5,
            Platform.ANTHROPIC,
            AccountType.APIKEY,
            new io.subgate.account.StaticKeyCredentials(
                "sk-ant-api-x", null, Map.of("claude-sonnet-4", "claude-sonnet-4-5-20250929")));
    ProxyRequest request =
        Dialects.request(
            Route.MESSAGES,
            "{\"model\":\"claude-sonnet-4\",\"max_tokens\":8,\"messages\":[]}",
            "anthropic-version",
            "2023-06-01");

    UpstreamCall renamed = key.prepare(request, mapped, new CachedToken("sk-ant-api-x", 1));
    UpstreamCall asSent =
        key.prepare(request, Dialects.apiKey(6, Platform.ANTHROPIC), new CachedToken("k", 1));

    assertEquals(
        "{\"model\":\"claude-sonnet-4-5-20250929\",\"max_tokens\":8,\"messages\":[]}",
        new String(renamed.body(), StandardCharsets.UTF_8));
    assertArrayEquals(request.body(), asSent.body(), "no mapping: the client's bytes");
  }
}
