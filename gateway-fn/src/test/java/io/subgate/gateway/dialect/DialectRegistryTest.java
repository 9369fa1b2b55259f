package io.subgate.gateway.dialect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.subgate.account.Account;
import io.subgate.account.Platform;
import io.subgate.gateway.protocol.GatewayException;
import io.subgate.gateway.protocol.ProxyRequest;
import io.subgate.gateway.protocol.Route;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DialectRegistryTest {
  private final DialectRegistry registry = Dialects.registry();
  private static final String MESSAGE = "{\"model\":\"claude-sonnet-4\",\"max_tokens\":8}";

  @Test
  void startup_failsWhenAnAccountTypeOfARoutesPlatformHasNoDialect() {
    List<UpstreamDialect> withoutCodex = new ArrayList<>(Dialects.all());
    withoutCodex.removeIf(d -> d instanceof CodexOAuthDialect);
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () -> new DialectRegistry(withoutCodex, Dialects.JSON, Dialects.CLOCK));
    assertTrue(String.valueOf(e.getMessage()).contains("openai oauth"), e.getMessage());

    List<UpstreamDialect> twice = new ArrayList<>(Dialects.all());
    twice.add(new OpenAiKeyDialect(Dialects.ENDPOINTS, Dialects.JSON, Dialects.CLOCK));
    assertThrows(
        IllegalStateException.class,
        () -> new DialectRegistry(twice, Dialects.JSON, Dialects.CLOCK));
  }

  @Test
  void oauthAccounts_serveOnlyTheirClient_keysServeEveryone() {
    Account oauth = Dialects.oauth(1, Platform.ANTHROPIC, null);
    Account key = Dialects.apiKey(2, Platform.ANTHROPIC);
    ProxyRequest sdk = Dialects.request(Route.MESSAGES, MESSAGE, "user-agent", "Anthropic/Java");

    assertEquals(List.of(key), registry.eligible(List.of(oauth, key), sdk));
    List<Account> both = List.of(oauth, key);
    ProxyRequest claudeCode =
        Dialects.request(
            Route.COUNT_TOKENS, MESSAGE, "user-agent", "claude-cli/2.1.80 (external, cli)");
    assertSame(both, registry.eligible(both, claudeCode), "all eligible: the list itself");

    GatewayException refused =
        assertThrows(GatewayException.class, () -> registry.eligible(List.of(oauth), sdk));
    assertEquals(403, refused.status());
    assertTrue(String.valueOf(refused.getMessage()).contains("Claude Code"), refused.getMessage());
  }

  @Test
  void codexAccounts_serveResponsesOnly_andNeedTheirAccountId() {
    Account codex = Dialects.oauth(1, Platform.OPENAI, "acct");
    ProxyRequest chat =
        Dialects.request(
            Route.CHAT_COMPLETIONS,
            "{\"model\":\"gpt-5\"}",
            "originator",
            "codex_cli_rs",
            "user-agent",
            "codex_cli_rs/0.150.0");
    GatewayException wrongRoute =
        assertThrows(GatewayException.class, () -> registry.eligible(List.of(codex), chat));
    assertEquals(400, wrongRoute.status());
    assertTrue(String.valueOf(wrongRoute.getMessage()).contains("/v1/responses"));

    ProxyRequest responses =
        Dialects.request(
            Route.RESPONSES,
            "{\"model\":\"gpt-5\",\"stream\":true}",
            "originator",
            "codex_cli_rs",
            "user-agent",
            "codex_cli_rs/0.150.0");
    assertEquals(List.of(codex), registry.eligible(List.of(codex), responses));
    GatewayException noId =
        assertThrows(
            GatewayException.class,
            () -> registry.eligible(List.of(Dialects.oauth(2, Platform.OPENAI, null)), responses));
    assertEquals(503, noId.status());
    assertTrue(String.valueOf(noId.getMessage()).contains("upstream_account_id"));
  }

  @Test
  void openAiKeys_defaultToTheApiHost_aVersionedBaseGetsNoSecondVersion() {
    OpenAiKeyDialect key = new OpenAiKeyDialect(Dialects.ENDPOINTS, Dialects.JSON, Dialects.CLOCK);
    ProxyRequest chat = Dialects.request(Route.CHAT_COMPLETIONS, "{\"model\":\"gpt-5\"}");
    assertEquals(
        "http://openai.test/v1/chat/completions",
        key.prepare(
                chat, Dialects.apiKey(1, Platform.OPENAI), new io.subgate.token.CachedToken("k", 1))
            .uri()
            .toString());
    Account versioned =
        Dialects.account(
            2,
            Platform.OPENAI,
            io.subgate.account.AccountType.UPSTREAM,
            new io.subgate.account.StaticKeyCredentials("k", "https://relay.test/v1"));
    assertEquals(
        "https://relay.test/v1/chat/completions",
        key.prepare(chat, versioned, new io.subgate.token.CachedToken("k", 1)).uri().toString());
  }
}
