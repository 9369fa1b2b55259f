package io.subgate.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.context.ApplicationContext;
import io.subgate.account.OAuthCredentials;
import io.subgate.account.Platform;
import io.subgate.testing.StubTokenServer;
import io.subgate.testing.StubTokenServer.Mode;
import io.subgate.testing.TestServices;
import io.subgate.token.PlatformTokenClients;
import io.subgate.token.RefreshFailure;
import io.subgate.token.RefreshFailure.Kind;
import io.subgate.token.RefreshPolicy.OnRefreshError;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TokenClientsTest {
  private final StubTokenServer stub = StubTokenServer.start();
  private final ApplicationContext context;
  private final PlatformTokenClients clients;

  TokenClientsTest() {
    Map<String, Object> p = new HashMap<>();
    for (Platform platform : Platform.values()) {
      p.put("subgate.platforms." + platform.wireName() + ".token-url", stub.tokenUrl());
      p.put("subgate.platforms." + platform.wireName() + ".api-base-url", stub.baseUrl());
    }
    p.put("subgate.platforms.gemini.client-secret", "gemini-secret");
    p.put("subgate.platforms.antigravity.client-secret", "ag-secret");
    context = TestServices.context(TestServices.freshH2Url(), p);
    clients = context.getBean(PlatformTokenClients.class);
  }

  @AfterAll
  void stop() {
    context.close();
    stub.close();
  }

  @BeforeEach
  void reset() {
    stub.mode(Mode.OK);
    stub.delay(0);
    stub.rotate(true);
  }

  private static OAuthCredentials creds(String rt) {
    return new OAuthCredentials("at-old", rt, Instant.now(), "scope-old", "proj-1", "acct-1");
  }

  private OAuthCredentials refresh(Platform platform, String rt) throws RefreshFailure {
    return clients.client(platform).refresh(creds(rt), Duration.ofSeconds(2));
  }

  private Kind failureOf(Platform platform, String rt) {
    return assertThrows(RefreshFailure.class, () -> refresh(platform, rt)).kind();
  }

  @Test
  void anthropic_sendsJson_andParsesARotation() throws Exception {
    stub.allow("rt-a");
    Instant before = Instant.now();
    OAuthCredentials next = refresh(Platform.ANTHROPIC, "rt-a");
    assertEquals("application/json", stub.lastContentType());
    assertTrue(stub.lastBody().contains("\"grant_type\":\"refresh_token\""), stub.lastBody());
    assertTrue(stub.lastBody().contains("\"client_id\":\"9d1c250a-e61b-44d9-88ed-5944d1962f5e\""));
    assertEquals(stub.accessIssuedFor("rt-a"), next.accessToken());
    assertTrue(next.refreshToken() != null && next.refreshToken().startsWith("rt-issued-"));
    Instant expires = next.expiresAt();
    assertTrue(expires != null && !expires.isBefore(before.plusSeconds(28_800)));
    assertEquals("proj-1", next.projectId(), "fields the provider does not return are kept");
    assertEquals("acct-1", next.upstreamAccountId());
  }

  @Test
  void openai_readsTheChatGptAccountIdFromTheIdToken() throws Exception {
    java.util.Base64.Encoder b64 = java.util.Base64.getUrlEncoder().withoutPadding();
    String claims = "{\"https://api.openai.com/auth\":{\"chatgpt_account_id\":\"acct-from-jwt\"}}";
    stub.idToken(
        b64.encodeToString("{}".getBytes(java.nio.charset.StandardCharsets.UTF_8))
            + "."
            + b64.encodeToString(claims.getBytes(java.nio.charset.StandardCharsets.UTF_8))
            + ".sig");
    try {
      stub.allow("rt-jwt");
      assertEquals("acct-from-jwt", refresh(Platform.OPENAI, "rt-jwt").upstreamAccountId());
      stub.idToken("not-a-jwt");
      stub.allow("rt-jwt2");
      assertEquals(
          "acct-1",
          refresh(Platform.OPENAI, "rt-jwt2").upstreamAccountId(),
          "an unreadable id token keeps the stored account id");
    } finally {
      stub.idToken("");
    }
  }

  @Test
  void openai_sendsAFormWithClientIdAndScope_andKeepsANonRotatedRefreshToken() throws Exception {
    stub.rotate(false);
    stub.allow("rt-o");
    OAuthCredentials next = refresh(Platform.OPENAI, "rt-o");
    assertEquals("application/x-www-form-urlencoded", stub.lastContentType());
    assertTrue(stub.lastBody().contains("client_id=app_EMoamEEZ73f0CkXaXp7hrann"));
    assertTrue(stub.lastBody().contains("scope=openid+profile+email"), stub.lastBody());
    assertEquals("rt-o", next.refreshToken());
  }

  @Test
  void google_sendsClientSecret_andExpiresFiveMinutesEarly() throws Exception {
    stub.allow("rt-g");
    Instant before = Instant.now();
    OAuthCredentials next = refresh(Platform.GEMINI, "rt-g");
    assertTrue(stub.lastBody().contains("client_secret=gemini-secret"));
    Instant expires = next.expiresAt();
    assertTrue(expires != null && expires.isBefore(before.plusSeconds(28_800 - 299)));
    assertEquals(OnRefreshError.FAIL, clients.policy(Platform.GEMINI).onRefreshError());
    assertEquals(
        OnRefreshError.USE_EXISTING_WHILE_VALID,
        clients.policy(Platform.ANTHROPIC).onRefreshError());
  }

  @ParameterizedTest
  @EnumSource(Platform.class)
  void reusedRefreshToken_isInvalidGrant(Platform platform) {
    assertEquals(Kind.INVALID_GRANT, failureOf(platform, "never-issued"));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "SERVER_ERROR, TRANSIENT",
    "RATE_LIMITED, TRANSIENT",
    "MALFORMED_JSON, MALFORMED_RESPONSE",
    "HTML_PAGE, TRANSIENT",
    "NO_ACCESS_TOKEN, MALFORMED_RESPONSE",
    "NEGATIVE_EXPIRY, MALFORMED_RESPONSE",
    "MISSING_EXPIRY, MALFORMED_RESPONSE",
    "RESET, CONNECTION",
    "INVALID_CLIENT, INVALID_CLIENT"
  })
  void faultyAnswers_areTypedFailures(Mode mode, Kind expected) {
    stub.allow("rt-f");
    stub.mode(mode);
    assertEquals(expected, failureOf(Platform.ANTHROPIC, "rt-f"));
  }

  @Test
  void slowAnswer_timesOutAsTransient() {
    stub.allow("rt-slow");
    stub.delay(1500);
    RefreshFailure f =
        assertThrows(
            RefreshFailure.class,
            () ->
                clients.client(Platform.OPENAI).refresh(creds("rt-slow"), Duration.ofMillis(300)));
    assertEquals(Kind.TRANSIENT, f.kind());
  }

  @Test
  void refusedConnection_isConnection_andMessagesCarryNoSecrets() throws Exception {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0)) {
      closedPort = s.getLocalPort();
    }
    try (ApplicationContext ctx =
        TestServices.context(
            TestServices.freshH2Url(),
            Map.of(
                "subgate.platforms.anthropic.token-url",
                "http://127.0.0.1:" + closedPort + "/token"))) {
      RefreshFailure f =
          assertThrows(
              RefreshFailure.class,
              () ->
                  ctx.getBean(PlatformTokenClients.class)
                      .client(Platform.ANTHROPIC)
                      .refresh(creds("rt-secret-value"), Duration.ofSeconds(2)));
      assertEquals(Kind.CONNECTION, f.kind());
      assertTrue(!String.valueOf(f.getMessage()).contains("rt-secret-value"));
    }
  }

  @Test
  void blankedClientSecret_isMisconfigured_withoutACall() {
    try (ApplicationContext ctx =
        TestServices.context(
            TestServices.freshH2Url(),
            Map.of(
                "subgate.platforms.gemini.token-url",
                stub.tokenUrl(),
                "subgate.platforms.gemini.client-secret",
                ""))) {
      int before = stub.calls();
      RefreshFailure f =
          assertThrows(
              RefreshFailure.class,
              () ->
                  ctx.getBean(PlatformTokenClients.class)
                      .client(Platform.GEMINI)
                      .refresh(creds("rt"), Duration.ofSeconds(1)));
      assertEquals(Kind.MISCONFIGURED, f.kind());
      assertEquals(before, stub.calls());
    }
  }

  @Test
  void missingRefreshToken_isTyped() {
    OAuthCredentials none = new OAuthCredentials("at", null, null, null, null, null);
    RefreshFailure f =
        assertThrows(
            RefreshFailure.class,
            () -> clients.client(Platform.ANTHROPIC).refresh(none, Duration.ofSeconds(1)));
    assertEquals(Kind.NO_REFRESH_TOKEN, f.kind());
  }
}
