package io.subgate.gateway.dialect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.subgate.account.Platform;
import io.subgate.account.QuotaWindow;
import io.subgate.gateway.protocol.GatewayException;
import io.subgate.gateway.protocol.ProxyRequest;
import io.subgate.gateway.protocol.Route;
import io.subgate.token.CachedToken;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CodexOAuthDialectTest {
  private final CodexOAuthDialect codex =
      new CodexOAuthDialect(Dialects.ENDPOINTS, Dialects.JSON, Dialects.CLOCK);
  private final CachedToken token = new CachedToken("codex-at", 1);

  private static ProxyRequest fromCodex(String body) {
    return Dialects.request(
        Route.RESPONSES,
        body,
        "originator",
        "codex_cli_rs",
        "User-Agent",
        "codex_cli_rs/0.150.0 (Ubuntu 24.4.0; x86_64) xterm-256color",
        "version",
        "0.150.0",
        "session_id",
        "sess-1",
        "x-codex-turn-state",
        "ts-1",
        "authorization",
        "Bearer sk-sg-client",
        "x-forwarded-for",
        "203.0.113.9");
  }

  /** What Codex CLI 0.171 sends to a custom provider: dashed ids, no {@code version}. */
  private static ProxyRequest fromTodaysCodex() {
    return Dialects.request(
        Route.RESPONSES,
        "{\"model\":\"gpt-5.4\",\"stream\":true,\"store\":false,\"input\":[]}",
        "originator",
        "codex_exec",
        "User-Agent",
        "codex_exec/0.171.0 (Debian 12.0.0; x86_64) xterm (codex_exec; 0.171.0)",
        "session-id",
        "019a-s",
        "thread-id",
        "019a-t",
        "x-client-request-id",
        "019a-r",
        "x-codex-window-id",
        "019a-s:0",
        "x-codex-some-future-header",
        "f",
        "authorization",
        "Bearer sk-sg-client");
  }

  @Test
  void todaysCodexHeaders_areRelayedAsSent_andItsStatedVersionFillsTheVersionHeader() {
    UpstreamCall call =
        codex.prepare(fromTodaysCodex(), Dialects.oauth(1, Platform.OPENAI, "acct-1"), token);
    for (String header :
        List.of(
            "session-id",
            "thread-id",
            "x-client-request-id",
            "x-codex-window-id",
            "x-codex-some-future-header")) {
      assertEquals(
          fromTodaysCodex().header(header), call.headers().get(header), header + " relayed");
    }
    assertEquals("0.171.0", call.headers().get("version"), "the version its User-Agent states");
    assertEquals("Bearer codex-at", call.headers().get("authorization"));
    assertEquals(
        "{\"model\":\"gpt-5.4\",\"stream\":true,\"store\":false,\"input\":[]}",
        new String(call.body(), StandardCharsets.UTF_8),
        "the body as sent");
  }

  @Test
  void statedVersion_isTheUserAgentsProductVersion_orNothing() {
    assertEquals(
        java.util.Optional.of("0.171.0"),
        CodexOAuthDialect.statedVersion("codex_exec/0.171.0 (Debian 12.0.0; x86_64)"));
    assertEquals(
        java.util.Optional.of("0.172.0-alpha.3"),
        CodexOAuthDialect.statedVersion("codex-tui/0.172.0-alpha.3"));
    assertTrue(CodexOAuthDialect.statedVersion("codex_exec").isEmpty());
    assertTrue(CodexOAuthDialect.statedVersion("codex_exec/ (x)").isEmpty());
  }

  @Test
  void codexBackend_path_accountId_clientIdentityRelayed_storeFalseAdded() {
    UpstreamCall call =
        codex.prepare(
            fromCodex("{\"model\":\"gpt-5.4\",\"stream\":true,\"input\":[]}"),
            Dialects.oauth(1, Platform.OPENAI, "acct-123"),
            token);
    assertEquals("http://chatgpt.test/codex/responses", call.uri().toString());
    assertEquals("Bearer codex-at", call.headers().get("authorization"));
    assertEquals("acct-123", call.headers().get("chatgpt-account-id"));
    assertEquals("codex_cli_rs", call.headers().get("originator"));
    assertEquals("0.150.0", call.headers().get("version"));
    assertEquals("sess-1", call.headers().get("session_id"));
    assertEquals("ts-1", call.headers().get("x-codex-turn-state"));
    assertEquals("text/event-stream", call.headers().get("accept"));
    assertFalse(call.headers().containsKey("x-forwarded-for"), "a proxy's, not the client's");
    assertEquals("Bearer codex-at", call.headers().get("authorization"), "never the client's key");
    assertEquals(
        "{\"store\":false,\"model\":\"gpt-5.4\",\"stream\":true,\"input\":[]}",
        new String(call.body(), StandardCharsets.UTF_8));
  }

  @Test
  void bodiesTheBackendRefuses_are400sNamingTheField() {
    assertRefused("{\"model\":\"m\",\"input\":[]}", "stream:");
    assertRefused("{\"model\":\"m\",\"stream\":true,\"store\":true}", "store:");
    assertRefused(
        "{\"model\":\"m\",\"stream\":true,\"max_output_tokens\":9}", "max_output_tokens:");
    assertRefused("{\"model\":\"m\",\"stream\":true,\"temperature\":0.2}", "temperature:");
  }

  private void assertRefused(String body, String field) {
    GatewayException e =
        assertThrows(
            GatewayException.class,
            () -> codex.prepare(fromCodex(body), Dialects.oauth(1, Platform.OPENAI, "a"), token));
    assertEquals(400, e.status());
    assertTrue(String.valueOf(e.getMessage()).startsWith(field), e.getMessage());
  }

  @Test
  void anAccountWithoutItsAccountId_isUnusable() {
    assertTrue(codex.unusable(Dialects.oauth(1, Platform.OPENAI, null)).isPresent());
    assertTrue(codex.unusable(Dialects.oauth(1, Platform.OPENAI, "a")).isEmpty());
  }

  private static UpstreamAnswer answer(int status, Map<String, String> headers) {
    return ResetHintsTest.answer(status, headers);
  }

  private static Map<String, String> windows(double primaryUsed, double secondaryUsed) {
    Map<String, String> h = new HashMap<>();
    h.put("x-codex-primary-used-percent", Double.toString(primaryUsed));
    h.put("x-codex-primary-reset-after-seconds", "1800");
    h.put("x-codex-primary-window-minutes", "300");
    h.put("x-codex-secondary-used-percent", Double.toString(secondaryUsed));
    h.put("x-codex-secondary-reset-after-seconds", "432000");
    h.put("x-codex-secondary-window-minutes", "10080");
    return h;
  }

  @Test
  void usageWindows_readOnEveryAnswer_labelledByLength() {
    List<QuotaWindow> read = codex.quota(answer(200, windows(42.0, 7.5)));
    assertEquals(2, read.size());
    assertEquals("5h", read.get(0).label());
    assertEquals(42.0, read.get(0).usedPercent());
    assertEquals(Dialects.NOW.plusSeconds(1800), read.get(0).resetsAt());
    assertEquals("7d", read.get(1).label());
    Map<String, String> spark = windows(100, 100);
    spark.put("x-codex-active-limit", "codex_bengalfox");
    assertTrue(codex.quota(answer(200, spark)).isEmpty(), "the spark meter is not the account's");
  }

  @Test
  void a429_parksUntilTheExhaustedWindowResets_aBurstOnlyForItsRetryAfter() {
    UpstreamFailure weekly =
        codex.judge(answer(429, windows(63.0, 100.0)), new byte[0]).orElseThrow();
    assertEquals(UpstreamFailure.Kind.RATE_LIMITED, weekly.kind());
    assertEquals(Duration.ofSeconds(432000), weekly.resetAfter(), "the 7-day window is used up");

    UpstreamFailure fiveHour =
        codex.judge(answer(429, windows(100.0, 40.0)), new byte[0]).orElseThrow();
    assertEquals(Duration.ofSeconds(1800), fiveHour.resetAfter());

    Map<String, String> burst = windows(12.0, 3.0);
    UpstreamFailure noHint = codex.judge(answer(429, burst), new byte[0]).orElseThrow();
    assertNull(noHint.resetAfter(), "headroom left: the burst cooldown, not days");
    burst.put("retry-after", "7");
    assertEquals(
        Duration.ofSeconds(7),
        codex.judge(answer(429, burst), new byte[0]).orElseThrow().resetAfter());
  }
}
