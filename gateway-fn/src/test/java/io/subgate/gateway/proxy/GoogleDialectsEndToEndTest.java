package io.subgate.gateway.proxy;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.subgate.account.Account;
import io.subgate.account.AccountStatus;
import io.subgate.account.Platform;
import io.subgate.gateway.GatewayTestProperties;
import io.subgate.gateway.Http;
import io.subgate.tenancy.UsageRecord;
import io.subgate.tenancy.UsageRepository;
import io.subgate.testing.StubGoogle;
import io.subgate.testing.StubLlmUpstream;
import jakarta.inject.Inject;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Gemini's public API, the Gemini CLI's Code Assist envelope and the Antigravity client's, through
 * the Netty server to a Google stub that refuses what Google refuses ({@link StubGoogle}): AI
 * Studio keys go as {@code x-goog-api-key}, Code Assist and Antigravity accounts carry their own
 * token and project, answers come back in the client's shape, per-model quotas and lost projects
 * cost the account only what they should, and bad input is a 4xx in Google's shape.
 */
@MicronautTest(transactional = false)
class GoogleDialectsEndToEndTest extends UpstreamTestBase {
  private static final HttpClient CLIENT =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private static final JsonMapper JSON = JsonMapper.createDefault();
  private final StubGoogle google = new StubGoogle();
  @Inject UsageRepository usage;

  @Override
  protected void configure(Map<String, String> p) {
    GoogleClients.pointAt(google, p);
    p.put("subgate.proxy.capacity-retries", "2");
  }

  @BeforeEach
  void clean() {
    google.reset();
  }

  @AfterAll
  void stopGoogle() {
    google.close();
  }

  private static String id() {
    return UUID.randomUUID().toString().substring(0, 8);
  }

  private HttpResponse<String> post(String path, String body, String... headers) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(server.getURI().resolve(path))
            .timeout(Duration.ofSeconds(30))
            .header("content-type", "application/json");
    for (int i = 0; i + 1 < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return CLIENT.send(
        b.POST(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> get(String path, String key) throws Exception {
    return CLIENT.send(
        HttpRequest.newBuilder(server.getURI().resolve(path))
            .timeout(Duration.ofSeconds(10))
            .header("x-goog-api-key", key)
            .GET()
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static JsonNode json(String body) throws Exception {
    return JSON.readValue(body, JsonNode.class);
  }

  private static String googleStatus(HttpResponse<String> r) throws Exception {
    return json(r.body()).get("error").get("status").getStringValue();
  }

  private Account reload(Account a) {
    return accounts.findById(a.id()).orElseThrow();
  }

  @Test
  void aiStudioKeys_getGeminiRequests_withTheKeyInXGoogApiKey_streamingAndNot() throws Exception {
    String secret = "AIza-" + id();
    google.apiKey(secret);
    String key = pools().key(Platform.GEMINI, 5, pools().account(Platform.GEMINI, secret, 1, 4));

    HttpResponse<String> complete =
        post(
            "/v1beta/models/gemini-2.5-flash:generateContent",
            GoogleClients.NATIVE_BODY,
            "x-goog-api-key",
            key);
    HttpResponse<String> streamed =
        post(
            "/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse",
            GoogleClients.NATIVE_BODY,
            "x-goog-api-key",
            key,
            "user-agent",
            "google-genai-sdk/1.30.0 gl-python/3.12");
    HttpResponse<String> counted =
        post("/v1beta/models/gemini-2.5-flash:countTokens?key=" + key, GoogleClients.NATIVE_BODY);

    assertEquals(200, complete.statusCode(), complete.body());
    assertTrue(complete.body().contains("Hello world"), complete.body());
    assertEquals(200, streamed.statusCode(), streamed.body());
    assertTrue(
        streamed.headers().firstValue("content-type").orElse("").startsWith("text/event-stream"));
    assertEquals(2, Sse.events(streamed.body()).size(), streamed.body());
    assertEquals(200, counted.statusCode(), counted.body());
    assertEquals(StubGoogle.PROMPT_TOKENS, json(counted.body()).get("totalTokens").getLongValue());

    List<StubGoogle.Seen> calls = google.seen();
    assertEquals(3, calls.size());
    for (StubGoogle.Seen call : calls) {
      assertEquals(secret, call.header("x-goog-api-key"));
      assertEquals("", call.header("authorization"), "an API key is never a Bearer token");
      assertFalse(call.query().contains("key="), "the client's key never reaches Google");
    }
    assertEquals("alt=sse", calls.get(1).query());
    assertEquals("google-genai-sdk/1.30.0 gl-python/3.12", calls.get(1).header("user-agent"));
  }

  @Test
  void codeAssist_wrapsGeminiRequests_withTheAccountsProject_andUnwrapsTheAnswer()
      throws Exception {
    String token = "ya29.ca-" + id();
    google.user(token, "proj-" + token);
    Account account = pools().google(Platform.GEMINI, token, "proj-" + token, 1);
    String key = pools().key(Platform.GEMINI, 5, account);

    HttpResponse<String> complete =
        post(
            "/v1beta/models/gemini-2.5-pro:generateContent",
            GoogleClients.NATIVE_BODY,
            "x-goog-api-key",
            key,
            "user-agent",
            "my-app/1.0");
    HttpResponse<String> streamed =
        post(
            "/v1beta/models/gemini-2.5-pro:streamGenerateContent?alt=sse",
            GoogleClients.NATIVE_BODY,
            "x-goog-api-key",
            key);

    assertEquals(200, complete.statusCode(), complete.body());
    JsonNode answer = json(complete.body());
    assertNotNull(answer.get("candidates"), "the response wrapper is removed: " + complete.body());
    assertEquals(null, answer.get("response"));
    assertEquals(
        "Hello world",
        answer
            .get("candidates")
            .get(0)
            .get("content")
            .get("parts")
            .get(0)
            .get("text")
            .getStringValue(),
        "the stream collected into one answer");
    assertEquals("STOP", answer.get("candidates").get(0).get("finishReason").getStringValue());
    assertTrue(
        complete.headers().firstValue("content-type").orElse("").startsWith("application/json"));
    assertEquals(200, streamed.statusCode(), streamed.body());
    for (String event : Sse.events(streamed.body())) {
      assertTrue(event.startsWith("data: {\"candidates\""), event);
    }

    // A non-streamed request goes to Code Assist as a stream (its non-streamed answer can be
    // empty).
    assertEquals(List.of(), google.seen(":generateContent"));
    StubGoogle.Seen call = google.seen(":streamGenerateContent").get(0);
    JsonNode envelope = json(call.body());
    assertEquals("Bearer " + token, call.header("authorization"));
    assertEquals("proj-" + token, envelope.get("project").getStringValue());
    assertEquals("gemini-2.5-pro", envelope.get("model").getStringValue());
    assertNotNull(envelope.get("request").get("contents"));
    assertEquals("my-app/1.0", call.header("user-agent"), "the client's own user agent");
    assertEquals("alt=sse", google.seen(":streamGenerateContent").get(1).query());
    long keyId = pools().keyId(key);
    List<UsageRecord> recorded =
        await()
            .atMost(Duration.ofSeconds(5))
            .until(() -> usage.recentForKey(keyId, 5), l -> l.size() == 2);
    for (UsageRecord r : recorded) {
      assertEquals(Long.valueOf(account.id()), r.accountId());
      assertEquals(StubGoogle.PROMPT_TOKENS, r.inputTokens(), "from usageMetadata");
      assertEquals(StubGoogle.OUTPUT_TOKENS, r.outputTokens());
      assertEquals(200, r.statusCode());
      assertEquals("stub", r.upstreamModel(), "the model the upstream said answered");
      assertEquals("gemini", r.clientProtocol());
      assertEquals(1, r.attempt());
      assertEquals(0, r.accountSwitches());
    }
  }

  @Test
  void theGeminiCli_isRelayedWithTheAccountsProject_andStartsAgainstThePool() throws Exception {
    String token = "ya29.cli-" + id();
    google.user(token, "proj-cli");
    String key =
        pools().key(Platform.GEMINI, 5, pools().google(Platform.GEMINI, token, "proj-cli", 1));

    HttpResponse<String> load =
        post(
            "/v1internal:loadCodeAssist",
            "{\"metadata\":{\"ideType\":\"IDE_UNSPECIFIED\"}}",
            "authorization",
            "Bearer " + key,
            "user-agent",
            GoogleClients.GEMINI_CLI_UA);
    HttpResponse<String> onboard =
        post(
            "/v1internal:onboardUser",
            "{\"tierId\":\"standard-tier\"}",
            "authorization",
            "Bearer " + key);
    HttpResponse<String> streamed =
        post(
            "/v1internal:streamGenerateContent?alt=sse",
            GoogleClients.geminiCli("gemini-2.5-pro"),
            "authorization",
            "Bearer " + key,
            "user-agent",
            GoogleClients.GEMINI_CLI_UA);

    assertEquals(200, load.statusCode(), load.body());
    assertEquals("subgate-pool", json(load.body()).get("cloudaicompanionProject").getStringValue());
    assertEquals(200, onboard.statusCode(), onboard.body());
    assertTrue(json(onboard.body()).get("done").getBooleanValue());
    assertEquals(200, streamed.statusCode(), streamed.body());
    assertTrue(
        Sse.events(streamed.body()).get(0).startsWith("data: {\"response\""),
        "the CLI gets its own wire format: " + streamed.body());
    StubGoogle.Seen call = google.last();
    assertEquals("proj-cli", json(call.body()).get("project").getStringValue());
    assertEquals("p-1", json(call.body()).get("user_prompt_id").getStringValue());
    assertEquals(GoogleClients.GEMINI_CLI_UA, call.header("user-agent"));
    assertEquals(1, google.seen().size(), "start-up calls are answered by the gateway");
  }

  @Test
  void otherClients_ofTheEnvelope_areRefused_withoutAnUpstreamCall() throws Exception {
    String token = "ya29.only-" + id();
    google.user(token, "proj-only");
    String gemini =
        pools().key(Platform.GEMINI, 5, pools().google(Platform.GEMINI, token, "proj-only", 1));
    String antigravity =
        pools()
            .key(
                Platform.ANTIGRAVITY,
                5,
                pools().google(Platform.ANTIGRAVITY, token + "-ag", "proj-only", 1));

    HttpResponse<String> notTheCli =
        post(
            "/v1internal:generateContent",
            GoogleClients.geminiCli("gemini-2.5-pro"),
            "authorization",
            "Bearer " + gemini,
            "user-agent",
            "curl/8.0");
    HttpResponse<String> geminiOnAntigravity =
        post(
            "/v1beta/models/gemini-3-flash:generateContent",
            GoogleClients.NATIVE_BODY,
            "x-goog-api-key",
            antigravity);
    HttpResponse<String> claudeOnAntigravity =
        Sse.send(
            server.getURI(),
            "/v1/messages",
            antigravity,
            "{\"model\":\"claude-sonnet-4-6\",\"max_tokens\":8,\"messages\":[]}",
            "anthropic-version",
            "2023-06-01");

    assertEquals(403, notTheCli.statusCode(), notTheCli.body());
    assertEquals("PERMISSION_DENIED", googleStatus(notTheCli));
    assertTrue(notTheCli.body().contains("the Gemini CLI"), notTheCli.body());
    assertEquals(403, geminiOnAntigravity.statusCode(), geminiOnAntigravity.body());
    assertTrue(geminiOnAntigravity.body().contains("the Antigravity client"));
    assertEquals(403, claudeOnAntigravity.statusCode(), claudeOnAntigravity.body());
    assertTrue(claudeOnAntigravity.body().contains("the Antigravity client"));
    assertTrue(claudeOnAntigravity.body().contains("permission_error"), "Anthropic's shape");
    assertEquals(0, google.seen().size());
  }

  @Test
  void anAntigravityRelayAccount_servesOtherClients_withItsKeyInBothHeaders() throws Exception {
    String secret = "relay-" + id();
    String token = "ya29.mixed-" + id();
    google.user(token, "proj-mixed");
    try (StubLlmUpstream relay = StubUpstreams.start().rules(ProviderRules.relay(secret))) {
      Account relayAccount = pools().relay(Platform.ANTIGRAVITY, secret, relay.baseUrl(), 2);
      Account subscription = pools().google(Platform.ANTIGRAVITY, token, "proj-mixed", 1);
      String key = pools().key(Platform.ANTIGRAVITY, 5, subscription, relayAccount);

      HttpResponse<String> claude =
          Sse.send(
              server.getURI(),
              "/v1/messages",
              key,
              "{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":8,"
                  + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
              "anthropic-version",
              "2023-06-01");
      HttpResponse<String> antigravity = antigravityStream(key);

      assertEquals(200, claude.statusCode(), claude.body());
      assertEquals(1, relay.calls("/v1/messages"), "the relay served the Anthropic client");
      assertEquals("Bearer " + secret, relay.header("authorization"));
      assertEquals(secret, relay.header("x-api-key"));
      assertEquals(200, antigravity.statusCode(), antigravity.body());
      assertEquals("Bearer " + token, google.last().header("authorization"));
      assertEquals(1, google.seen().size(), "the Antigravity client's own request only");
    }
  }

  @Test
  void antigravity_isRelayedToTheDailyHost_thenProduction_withTheAccountsProject()
      throws Exception {
    String token = "ya29.ag-" + id();
    google.user(token, "proj-ag");
    Account account = pools().google(Platform.ANTIGRAVITY, token, "proj-ag", 1);
    String key = pools().key(Platform.ANTIGRAVITY, 5, account);

    HttpResponse<String> first = antigravityStream(key);
    google.hostFault("/daily", 503, 1);
    HttpResponse<String> second = antigravityStream(key);

    assertEquals(200, first.statusCode(), first.body());
    assertEquals(200, second.statusCode(), second.body());
    List<String> hosts = google.seen().stream().map(s -> s.path().split("/v1internal")[0]).toList();
    assertEquals(List.of("/daily", "/daily", "/prod"), hosts);
    StubGoogle.Seen call = google.last();
    assertEquals("proj-ag", json(call.body()).get("project").getStringValue());
    assertEquals("antigravity", json(call.body()).get("userAgent").getStringValue());
    assertEquals(GoogleClients.ANTIGRAVITY_UA, call.header("user-agent"));
    assertEquals(AccountStatus.ACTIVE, reload(account).status());
  }

  @Test
  void aPerModelQuota_movesTheRequest_andParksTheAccountForThatModelOnly() throws Exception {
    String first = "ya29.q1-" + id();
    String second = "ya29.q2-" + id();
    google.user(first, "proj-q1").user(second, "proj-q2");
    google.fault(first, 429, StubGoogle.modelQuotaExhausted("gemini-2.5-pro", "600s"), 1);
    Account exhausted = pools().google(Platform.GEMINI, first, "proj-q1", 1);
    Account spare = pools().google(Platform.GEMINI, second, "proj-q2", 2);
    String key = pools().key(Platform.GEMINI, 5, exhausted, spare);

    HttpResponse<String> moved =
        post(
            "/v1beta/models/gemini-2.5-pro:generateContent",
            GoogleClients.NATIVE_BODY,
            "x-goog-api-key",
            key);
    // Another conversation (the first one is now bound to the spare account).
    HttpResponse<String> otherModel =
        post(
            "/v1beta/models/gemini-2.5-flash:generateContent",
            GoogleClients.NATIVE_BODY.replace("Say hello", "Another conversation"),
            "x-goog-api-key",
            key);

    assertEquals(200, moved.statusCode(), moved.body());
    assertEquals("Bearer " + second, google.seen().get(1).header("authorization"));
    long keyId = pools().keyId(key);
    List<UsageRecord> attempts =
        await()
            .atMost(Duration.ofSeconds(5))
            .until(() -> usage.recentForKey(keyId, 10), l -> l.size() >= 3);
    UsageRecord served =
        attempts.stream()
            .filter(u -> u.statusCode() == 200 && u.model().equals("gemini-2.5-pro"))
            .findFirst()
            .orElseThrow();
    assertEquals(2, served.attempt(), "the second attempt answered");
    assertEquals(1, served.accountSwitches());
    Account parked = reload(exhausted);
    Instant until = parked.cooldowns().models().get("gemini-2.5-pro");
    assertNotNull(until, "the model's own cooldown");
    assertTrue(until.isAfter(Instant.now().plusSeconds(500)), "RetryInfo's 600 s: " + until);
    assertEquals(null, parked.cooldowns().rateLimitedUntil(), "not the whole account");
    assertEquals(200, otherModel.statusCode(), otherModel.body());
    assertEquals(
        "Bearer " + first,
        google.last().header("authorization"),
        "the first account still serves other models");
  }

  /** Two Code Assist accounts (priorities 1 and 2) behind one key. */
  private record Pair(String first, String second, Account one, Account two, String key) {}

  private Pair twoAccounts(String tag) {
    String first = "ya29." + tag + "1-" + id();
    String second = "ya29." + tag + "2-" + id();
    google.user(first, "proj-" + tag + "1").user(second, "proj-" + tag + "2");
    Account one = pools().google(Platform.GEMINI, first, "proj-" + tag + "1", 1);
    Account two = pools().google(Platform.GEMINI, second, "proj-" + tag + "2", 2);
    return new Pair(first, second, one, two, pools().key(Platform.GEMINI, 5, one, two));
  }

  private HttpResponse<String> askPro(String key, String body) throws Exception {
    return post("/v1beta/models/gemini-2.5-pro:generateContent", body, "x-goog-api-key", key);
  }

  /** The Antigravity client's own streamed request, with its user agent. */
  private HttpResponse<String> antigravityStream(String key) throws Exception {
    return post(
        "/v1internal:streamGenerateContent?alt=sse",
        GoogleClients.antigravity("gemini-3-flash"),
        "authorization",
        "Bearer " + key,
        "user-agent",
        GoogleClients.ANTIGRAVITY_UA);
  }

  private List<String> tokensSeen() {
    return google.seen().stream().map(c -> c.header("authorization")).toList();
  }

  @Test
  void aShortRetryDelay_isWaitedOutOnTheSameAccount_once() throws Exception {
    Pair p = twoAccounts("short");
    google.fault(p.first(), 429, StubGoogle.modelQuotaExhausted("gemini-2.5-pro", "1.2s"), 1);

    long start = System.nanoTime();
    HttpResponse<String> answered = askPro(p.key(), GoogleClients.NATIVE_BODY);
    Duration took = Duration.ofNanos(System.nanoTime() - start);

    assertEquals(200, answered.statusCode(), answered.body());
    assertEquals(List.of("Bearer " + p.first(), "Bearer " + p.first()), tokensSeen());
    assertTrue(took.compareTo(Duration.ofMillis(1200)) >= 0, "Google's 1.2 s were waited: " + took);
    assertTrue(reload(p.one()).cooldowns().models().isEmpty(), "nothing parked");
  }

  @Test
  void aModelOutOfCapacity_isRetriedOnTheSameAccount_neverParkingIt() throws Exception {
    Pair p = twoAccounts("cap");
    String first = p.first();
    google.fault(first, 429, StubGoogle.capacityExhausted("gemini-2.5-pro"), 2);

    HttpResponse<String> recovered = askPro(p.key(), GoogleClients.NATIVE_BODY);
    List<String> whileRecovering = tokensSeen();
    google.reset();
    google.fault(first, 429, StubGoogle.capacityExhausted("gemini-2.5-pro"), 100);
    HttpResponse<String> gaveUp =
        askPro(p.key(), GoogleClients.NATIVE_BODY.replace("Say hello", "Still busy"));

    assertEquals(200, recovered.statusCode(), recovered.body());
    assertEquals(List.of("Bearer " + first, "Bearer " + first, "Bearer " + first), whileRecovering);
    assertEquals(503, gaveUp.statusCode(), gaveUp.body());
    assertEquals("UNAVAILABLE", googleStatus(gaveUp));
    assertTrue(gaveUp.body().contains("out of capacity"), gaveUp.body());
    assertEquals(
        List.of("Bearer " + first, "Bearer " + first, "Bearer " + first),
        tokensSeen(),
        "a try and capacity-retries (2) more, on the same account; the spare is never asked");
    google.reset();
    google.fault(first, 429, StubGoogle.capacityExhausted("gemini-2.5-pro"), 100);
    HttpResponse<String> known =
        askPro(p.key(), GoogleClients.NATIVE_BODY.replace("Say hello", "Right after"));

    assertEquals(503, known.statusCode(), known.body());
    assertEquals(
        List.of("Bearer " + first),
        tokensSeen(),
        "within 10 s of a whole wait in vain, the next request does not wait again");
    Account after = reload(p.one());
    assertTrue(after.cooldowns().models().isEmpty(), "capacity is no account's fault");
    assertEquals(null, after.cooldowns().rateLimitedUntil());
    assertEquals(AccountStatus.ACTIVE, after.status());
  }

  @Test
  void aProjectThatLostAccess_putsTheAccountInErrorState_andTheRequestMoves() throws Exception {
    String lost = "ya29.lost-" + id();
    String fine = "ya29.fine-" + id();
    google.user(lost, "proj-now").user(fine, "proj-fine");
    Account stale = pools().google(Platform.GEMINI, lost, "proj-before", 1);
    Account spare = pools().google(Platform.GEMINI, fine, "proj-fine", 2);
    String key = pools().key(Platform.GEMINI, 5, stale, spare);

    HttpResponse<String> r =
        post(
            "/v1beta/models/gemini-2.5-pro:generateContent",
            GoogleClients.NATIVE_BODY,
            "x-goog-api-key",
            key);

    assertEquals(200, r.statusCode(), r.body());
    Account broken = reload(stale);
    assertEquals(AccountStatus.ERROR, broken.status());
    assertTrue(
        String.valueOf(broken.errorMessage()).contains("proj-before"), broken.errorMessage());
  }

  @Test
  void subscriptionsCreatedWithoutAProject_getTheirsFromCodeAssist_orA400NamingIt()
      throws Exception {
    String onboarded = "ya29.new-" + id();
    String stuck = "ya29.stuck-" + id();
    google.onboards(onboarded, "proj-onboarded", 1).tierWithoutProject(stuck);
    Http admin = new Http(server.getURI(), GatewayTestProperties.ADMIN_TOKEN);
    String body =
        "{\"name\":\"%s\",\"platform\":\"%s\",\"type\":\"oauth\",\"credentials\":"
            + "{\"access_token\":\"%s\",\"refresh_token\":\"rt\"}}";

    HttpResponse<String> created =
        admin.post("/admin/accounts", String.format(body, "g-" + id(), "gemini", onboarded));
    HttpResponse<String> refused =
        admin.post("/admin/accounts", String.format(body, "g-" + id(), "gemini", stuck));
    HttpResponse<String> noKeys =
        admin.post(
            "/admin/accounts",
            "{\"name\":\"ag-key\",\"platform\":\"antigravity\",\"type\":\"apikey\","
                + "\"credentials\":{\"api_key\":\"k\"}}");
    HttpResponse<String> relay =
        admin.post(
            "/admin/accounts",
            "{\"name\":\"ag-relay-"
                + id()
                + "\",\"platform\":\"antigravity\",\"type\":\"upstream\","
                + "\"credentials\":{\"api_key\":\"k\",\"base_url\":\"https://relay.example\"}}");
    HttpResponse<String> relayWithoutBase =
        admin.post(
            "/admin/accounts",
            "{\"name\":\"ag-relay\",\"platform\":\"antigravity\",\"type\":\"upstream\","
                + "\"credentials\":{\"api_key\":\"k\"}}");

    assertEquals(201, relay.statusCode(), relay.body());
    assertEquals(400, relayWithoutBase.statusCode(), relayWithoutBase.body());
    assertTrue(relayWithoutBase.body().contains("base_url"), relayWithoutBase.body());
    assertEquals(201, created.statusCode(), created.body());
    assertEquals("proj-onboarded", json(created.body()).get("project_id").getStringValue());
    assertEquals(400, refused.statusCode(), refused.body());
    assertEquals(
        "credentials.project_id", json(refused.body()).get("error").get("field").getStringValue());
    assertTrue(refused.body().contains("names no project"), refused.body());
    assertEquals(400, noKeys.statusCode(), noKeys.body());
    assertTrue(noKeys.body().contains("antigravity has no apikey accounts"), noKeys.body());
    assertFalse(created.body().contains(onboarded), "the token is never echoed");
  }

  @Test
  void badInput_isA4xxInGooglesShape_neverA500() throws Exception {
    String secret = "AIza-" + id();
    google.apiKey(secret);
    Account limited = pools().account(Platform.GEMINI, secret, 1, 4);
    String key = pools().key(Platform.GEMINI, 5, limited);

    HttpResponse<String> apiKeyInQuery =
        post(
            "/v1beta/models/gemini-2.5-pro:generateContent?api_key=" + key,
            GoogleClients.NATIVE_BODY);
    HttpResponse<String> notAnObject =
        post("/v1beta/models/gemini-2.5-pro:generateContent", "[1,2]", "x-goog-api-key", key);
    HttpResponse<String> noContents =
        post("/v1beta/models/gemini-2.5-pro:generateContent", "{}", "x-goog-api-key", key);
    HttpResponse<String> unknownMethod =
        post("/v1beta/models/gemini-2.5-pro:embedEverything", "{}", "x-goog-api-key", key);
    HttpResponse<String> unknownModel =
        post(
            "/v1beta/models/gemini-0-imaginary:generateContent",
            GoogleClients.NATIVE_BODY,
            "x-goog-api-key",
            key);
    HttpResponse<String> noKey =
        post("/v1beta/models/gemini-2.5-pro:generateContent", GoogleClients.NATIVE_BODY);
    HttpResponse<String> listed = get("/v1beta/models", key);
    HttpResponse<String> one = get("/v1beta/models/gemini-2.5-pro", key);
    HttpResponse<String> missing = get("/v1beta/models/gemini-0-imaginary", key);

    assertEquals(400, apiKeyInQuery.statusCode());
    assertEquals("INVALID_ARGUMENT", googleStatus(apiKeyInQuery));
    assertEquals(400, notAnObject.statusCode());
    assertEquals("INVALID_ARGUMENT", googleStatus(notAnObject));
    assertEquals(400, noContents.statusCode());
    assertTrue(noContents.body().contains("contents"), noContents.body());
    assertEquals(404, unknownMethod.statusCode());
    assertTrue(unknownMethod.body().contains("Unsupported action: embedEverything"));
    assertEquals(404, unknownModel.statusCode(), unknownModel.body());
    assertEquals("NOT_FOUND", googleStatus(unknownModel), "the upstream's own 404 passes");
    assertEquals(401, noKey.statusCode());
    assertEquals("UNAUTHENTICATED", googleStatus(noKey));
    assertEquals(200, listed.statusCode(), listed.body());
    assertTrue(listed.body().contains("\"name\":\"models/gemini-2.5-pro\""), listed.body());
    assertEquals(200, one.statusCode(), one.body());
    assertEquals(404, missing.statusCode());
    assertEquals("NOT_FOUND", googleStatus(missing));
    assertEquals(1, google.seen().size(), "only the unknown model reached Google");
  }
}
