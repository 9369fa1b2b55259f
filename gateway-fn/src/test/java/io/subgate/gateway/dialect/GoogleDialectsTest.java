package io.subgate.gateway.dialect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.json.tree.JsonNode;
import io.subgate.account.Account;
import io.subgate.account.AccountType;
import io.subgate.account.Platform;
import io.subgate.account.StaticKeyCredentials;
import io.subgate.gateway.dialect.UpstreamEvents.Signal;
import io.subgate.gateway.protocol.ClientIdentity;
import io.subgate.gateway.protocol.GatewayException;
import io.subgate.gateway.protocol.ProxyRequest;
import io.subgate.gateway.protocol.Route;
import io.subgate.gateway.relay.SseEvent;
import io.subgate.testing.StubGoogle;
import io.subgate.token.CachedToken;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class GoogleDialectsTest {
  private static final String NATIVE =
      "{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"hi\"}]}]}";
  private static final String CLI_UA = "GeminiCLI/0.55.1/gemini-2.5-pro (linux; x64)";
  private final DialectRegistry registry = Dialects.registry();

  private static CachedToken token(String value) {
    return new CachedToken(value, 1);
  }

  private static JsonNode json(byte[] body) throws Exception {
    return Dialects.JSON.readValue(body, JsonNode.class);
  }

  private static UpstreamAnswer answer(int status) {
    return new UpstreamAnswer() {
      @Override
      public int status() {
        return status;
      }

      @Override
      public Optional<String> header(String name) {
        return Optional.empty();
      }
    };
  }

  @Test
  void aiStudioKeys_goAsXGoogApiKey_toTheModelsPath_withAltSseForStreams() {
    Account key =
        Dialects.account(
            1,
            Platform.GEMINI,
            AccountType.UPSTREAM,
            new StaticKeyCredentials("AIza-1", "http://relay.test/v1beta/"));
    ProxyRequest stream = Dialects.gemini(Route.GEMINI_STREAM, "gemini-2.5-pro", NATIVE);

    UpstreamCall call = registry.of(key).prepare(stream, key, token("AIza-1"));

    assertEquals(
        "http://relay.test/v1beta/models/gemini-2.5-pro:streamGenerateContent?alt=sse",
        call.uri().toString());
    assertEquals("AIza-1", call.headers().get("x-goog-api-key"));
    assertNull(call.headers().get("authorization"));
  }

  @Test
  void codeAssist_wrapsNativeRequests_andCountsTokensInItsOwnEnvelope() throws Exception {
    Account account = Dialects.google(2, Platform.GEMINI, "proj-\"2\"");
    ProxyRequest generate =
        Dialects.gemini(
            Route.GEMINI_GENERATE, "models/gemini-2.5-pro", NATIVE, "user-agent", "x/1");
    ProxyRequest count = Dialects.gemini(Route.GEMINI_COUNT_TOKENS, "gemini-2.5-pro", NATIVE);

    UpstreamCall wrapped = registry.of(account).prepare(generate, account, token("ya29.2"));
    UpstreamCall counted = registry.of(account).prepare(count, account, token("ya29.2"));

    JsonNode envelope = json(wrapped.body());
    assertEquals(
        "http://codeassist.test/v1internal:streamGenerateContent?alt=sse",
        wrapped.uri().toString(),
        "non-streamed goes as a stream: Code Assist's non-streamed answer can be empty");
    assertEquals("gemini-2.5-pro", envelope.get("model").getStringValue());
    assertEquals("proj-\"2\"", envelope.get("project").getStringValue(), "escaped, not broken");
    assertEquals(json(NATIVE.getBytes(StandardCharsets.UTF_8)), envelope.get("request"));
    assertEquals("Bearer ya29.2", wrapped.headers().get("authorization"));
    assertEquals("x/1", wrapped.headers().get("user-agent"));
    JsonNode countEnvelope = json(counted.body()).get("request");
    assertEquals("models/gemini-2.5-pro", countEnvelope.get("model").getStringValue());
    assertTrue(countEnvelope.get("contents").isArray());
  }

  @Test
  void theCliEnvelope_keepsEverythingButTheProject() throws Exception {
    Account account = Dialects.google(3, Platform.GEMINI, "proj-3");
    String body =
        "{\"model\":\"gemini-2.5-pro\",\"project\":\"subgate-pool\",\"user_prompt_id\":\"u\","
            + "\"request\":"
            + NATIVE
            + "}";
    ProxyRequest cli =
        Dialects.gemini(Route.CODE_ASSIST_GENERATE, null, body, "user-agent", CLI_UA);

    JsonNode sent = json(registry.of(account).prepare(cli, account, token("t")).body());

    assertEquals(ClientIdentity.GEMINI_CLI, cli.client());
    assertEquals("proj-3", sent.get("project").getStringValue());
    assertEquals("u", sent.get("user_prompt_id").getStringValue());
    assertEquals(json(NATIVE.getBytes(StandardCharsets.UTF_8)), sent.get("request"));
  }

  @Test
  void codeAssist_servesAnyClientOnTheNativeRoutes_butOnlyTheCliOnItsEnvelope() {
    Account account = Dialects.google(4, Platform.GEMINI, "p");
    String envelope = "{\"model\":\"m\",\"project\":\"x\",\"request\":" + NATIVE + "}";

    assertEquals(
        List.of(account),
        registry.eligible(
            List.of(account),
            Dialects.gemini(Route.GEMINI_GENERATE, "m", NATIVE, "user-agent", "curl/8")));
    assertEquals(
        List.of(account),
        registry.eligible(
            List.of(account),
            Dialects.gemini(Route.CODE_ASSIST_GENERATE, null, envelope, "user-agent", CLI_UA)));
    GatewayException refused =
        assertThrows(
            GatewayException.class,
            () ->
                registry.eligible(
                    List.of(account),
                    Dialects.gemini(
                        Route.CODE_ASSIST_GENERATE, null, envelope, "user-agent", "curl/8")));
    assertEquals(403, refused.status());
    assertTrue(String.valueOf(refused.getMessage()).contains("the Gemini CLI"));
  }

  @Test
  void accountsWithoutAProject_areNamedUnusable() {
    Account noProject = Dialects.google(5, Platform.GEMINI, null);
    GatewayException e =
        assertThrows(
            GatewayException.class,
            () ->
                registry.eligible(
                    List.of(noProject), Dialects.gemini(Route.GEMINI_GENERATE, "m", NATIVE)));
    assertEquals(503, e.status());
    assertTrue(String.valueOf(e.getMessage()).contains("project"), e.getMessage());
  }

  @Test
  void antigravity_goesToTheDailyHostFirst_andMovesOnUnlessTheModelIsOutOfCapacity() {
    Account account = Dialects.google(6, Platform.ANTIGRAVITY, "proj-6");
    String body =
        "{\"project\":\"x\",\"requestId\":\"agent-1\",\"userAgent\":\"antigravity\","
            + "\"requestType\":\"agent\",\"model\":\"gemini-3-flash\",\"request\":"
            + NATIVE
            + "}";
    ProxyRequest request =
        Dialects.gemini(
            Route.CODE_ASSIST_STREAM,
            null,
            body,
            "user-agent",
            "antigravity/hub/2.8.1 windows/amd64");
    UpstreamDialect dialect = registry.of(account);

    UpstreamCall call = dialect.prepare(request, account, token("ya29.6"));

    assertEquals(ClientIdentity.ANTIGRAVITY, request.client());
    assertEquals(
        "http://daily.test/v1internal:streamGenerateContent?alt=sse", call.uri().toString());
    assertEquals(
        "http://prod.test/v1internal:streamGenerateContent?alt=sse",
        call.alternates().get(0).toString());
    assertTrue(dialect.triesNextBase(answer(503), new byte[0]));
    assertTrue(
        dialect.triesNextBase(
            answer(429), "Resource has been exhausted".getBytes(StandardCharsets.UTF_8)));
    assertFalse(
        dialect.triesNextBase(
            answer(429), "No capacity available for model".getBytes(StandardCharsets.UTF_8)));
    assertFalse(dialect.triesNextBase(answer(400), new byte[0]));
    assertTrue(
        dialect.judge(answer(429), "{}".getBytes(StandardCharsets.UTF_8)).orElseThrow().perModel(),
        "Antigravity's quotas are per model");
  }

  @Test
  void googleErrors_perModelQuota_dailyQuota_lostProject_andRequestFaults() {
    UpstreamDialect dialect = registry.of(Dialects.google(7, Platform.GEMINI, "p"));
    byte[] perModel =
        ("{\"error\":{\"code\":429,\"status\":\"RESOURCE_EXHAUSTED\",\"message\":\"quota\",\"details\":["
                + "{\"@type\":\"type.googleapis.com/google.rpc.QuotaFailure\",\"violations\":[{\"quotaId\":\"X\","
                + "\"quotaDimensions\":{\"model\":\"gemini-2.5-pro\"}}]},"
                + "{\"@type\":\"type.googleapis.com/google.rpc.RetryInfo\",\"retryDelay\":\"1m30.5s\"}]}}")
            .getBytes(StandardCharsets.UTF_8);
    byte[] daily =
        ("{\"error\":{\"code\":429,\"status\":\"RESOURCE_EXHAUSTED\",\"message\":\"Quota exceeded\","
                + "\"details\":[{\"@type\":\"type.googleapis.com/google.rpc.QuotaFailure\","
                + "\"violations\":[{\"quotaId\":\"GenerateRequestsPerDayPerProject\"}]}]}}")
            .getBytes(StandardCharsets.UTF_8);
    byte[] project =
        "{\"error\":{\"code\":403,\"status\":\"PERMISSION_DENIED\",\"message\":\"Permission denied on resource project p.\"}}"
            .getBytes(StandardCharsets.UTF_8);
    byte[] invalid =
        "{\"error\":{\"code\":400,\"status\":\"INVALID_ARGUMENT\",\"message\":\"bad\"}}"
            .getBytes(StandardCharsets.UTF_8);

    UpstreamFailure model = dialect.judge(answer(429), perModel).orElseThrow();
    UpstreamFailure day = dialect.judge(answer(429), daily).orElseThrow();
    UpstreamFailure lost = dialect.judge(answer(403), project).orElseThrow();

    assertTrue(model.perModel());
    assertEquals(Duration.ofMillis(90_500), model.resetAfter());
    assertFalse(day.perModel(), "a project's daily quota holds for every model");
    // 10:00 UTC on 2026-11-30 is 02:00 in Los Angeles: 22 h to the next Pacific midnight.
    assertEquals(Duration.ofHours(22), day.resetAfter());
    assertTrue(String.valueOf(lost.accountError()).contains("resource project p"));
    assertTrue(dialect.judge(answer(400), invalid).isEmpty(), "the client's own answer");
  }

  @Test
  void googleErrors_shortDelaysAreWaitedHere_capacityIsShared_quotasAreNot() {
    UpstreamDialect dialect = registry.of(Dialects.google(9, Platform.GEMINI, "p"));
    UpstreamFailure shortDelay =
        judged(dialect, 429, StubGoogle.modelQuotaExhausted("gemini-2.5-pro", "2.5s"));
    UpstreamFailure tinyDelay =
        judged(dialect, 429, StubGoogle.modelQuotaExhausted("gemini-2.5-pro", "0.2s"));
    UpstreamFailure longDelay =
        judged(dialect, 429, StubGoogle.modelQuotaExhausted("gemini-2.5-pro", "7s"));
    UpstreamFailure usedUp =
        judged(
            dialect,
            429,
            StubGoogle.modelQuotaExhausted("gemini-2.5-pro", "2s")
                .replace("Resource has been exhausted", "Quota exhausted"));
    UpstreamFailure capacity = judged(dialect, 429, StubGoogle.capacityExhausted("gemini-2.5-pro"));
    UpstreamFailure capacity503 =
        judged(
            dialect,
            503,
            StubGoogle.error(503, "UNAVAILABLE", "No capacity available for model x"));
    UpstreamFailure plain503 =
        judged(dialect, 503, StubGoogle.error(503, "UNAVAILABLE", "try later"));

    assertEquals(Duration.ofMillis(2500), shortDelay.retryHere());
    assertTrue(shortDelay.perModel(), "still the model's own quota if it comes back");
    assertEquals(Duration.ofSeconds(1), tinyDelay.retryHere(), "never sooner than a second");
    assertEquals(null, longDelay.retryHere(), "7 s and more: another account, the model parked");
    assertEquals(null, usedUp.retryHere(), "a used-up quota is not waited for");
    assertTrue(capacity.sharedCapacity());
    assertEquals(Duration.ofSeconds(1), capacity.retryHere());
    assertTrue(capacity503.sharedCapacity());
    assertFalse(plain503.sharedCapacity());
    assertEquals(null, plain503.retryHere());
  }

  private static UpstreamFailure judged(UpstreamDialect dialect, int status, String body) {
    return dialect.judge(answer(status), body.getBytes(StandardCharsets.UTF_8)).orElseThrow();
  }

  @Test
  void geminiEvents_readContentTheLastChunkUsageAndErrors() {
    UpstreamEvents events =
        registry.of(Dialects.google(8, Platform.GEMINI, "p")).events(Route.GEMINI_STREAM);
    SseEvent first =
        new SseEvent(
            "",
            "{\"response\":{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"a\"}]}}]}}",
            "");
    SseEvent last =
        new SseEvent(
            "",
            "{\"response\":{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"b\"}]},\"finishReason\":\"STOP\"}],"
                + "\"usageMetadata\":{\"promptTokenCount\":5,\"candidatesTokenCount\":3,\"thoughtsTokenCount\":2}}}",
            "");

    assertEquals(Signal.CONTENT, events.observe(first));
    assertEquals(Signal.TERMINAL, events.observe(last));
    assertEquals(5, events.usage().input());
    assertEquals(5, events.usage().output(), "candidates + thoughts");
    assertEquals(2, events.usage().reasoning());
    assertEquals(
        Signal.REQUEST_FAULT,
        events.observe(
            new SseEvent("", "{\"error\":{\"code\":400,\"status\":\"INVALID_ARGUMENT\"}}", "")));
    assertEquals(
        Signal.FAILED,
        events.observe(
            new SseEvent("", "{\"error\":{\"code\":429,\"status\":\"RESOURCE_EXHAUSTED\"}}", "")));
    assertEquals(UpstreamFailure.Kind.RATE_LIMITED, events.failure());
  }

  @Test
  void aCollectedStream_isOneAnswer_withEveryPartAndTheLastUsage() throws Exception {
    io.subgate.gateway.translate.Translator unwrap =
        io.subgate.gateway.translate.Translators.between(
                io.subgate.gateway.protocol.GeminiNative.INSTANCE,
                io.subgate.gateway.protocol.CodeAssistEnvelope.INSTANCE,
                Dialects.JSON,
                Dialects.CLOCK)
            .orElseThrow();
    String stream =
        "data: {\"response\":{\"candidates\":[{\"content\":{\"role\":\"model\",\"parts\":[{\"text\":\"Hel\"}]}}]}}\r\n\r\n"
            + "data: {\"response\":{\"candidates\":[{\"content\":{\"role\":\"model\",\"parts\":[{\"text\":\"lo\"},"
            + "{\"functionCall\":{\"name\":\"f\",\"args\":{}}}]}}]}}\r\n\r\n"
            + "data: {\"response\":{\"candidates\":[{\"content\":{\"role\":\"model\",\"parts\":[{\"text\":\"!\"}]},"
            + "\"finishReason\":\"STOP\"}],\"usageMetadata\":{\"promptTokenCount\":4,\"candidatesTokenCount\":3}}}\r\n\r\n";

    JsonNode one = json(unwrap.body(stream.getBytes(StandardCharsets.UTF_8)));

    JsonNode parts = one.get("candidates").get(0).get("content").get("parts");
    assertEquals(3, parts.size());
    assertEquals("Hello", parts.get(0).get("text").getStringValue());
    assertEquals("f", parts.get(1).get("functionCall").get("name").getStringValue());
    assertEquals("!", parts.get(2).get("text").getStringValue());
    assertEquals("STOP", one.get("candidates").get(0).get("finishReason").getStringValue());
    assertEquals(4, one.get("usageMetadata").get("promptTokenCount").getIntValue());
    assertEquals("application/json", unwrap.contentType("text/event-stream"));
  }

  @Test
  void goDurations_readAsGoogleWritesThem() {
    assertEquals(Duration.ofSeconds(30), GoogleErrors.goDuration("30s"));
    assertEquals(Duration.ofMillis(1500), GoogleErrors.goDuration("1.5s"));
    assertEquals(Duration.ofSeconds(3723), GoogleErrors.goDuration("1h2m3s"));
    assertEquals(Duration.ofMillis(500), GoogleErrors.goDuration("500ms"));
    assertNull(GoogleErrors.goDuration(""));
  }
}
