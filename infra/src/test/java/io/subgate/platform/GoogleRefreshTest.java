package io.subgate.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.json.JsonMapper;
import io.subgate.account.Account;
import io.subgate.account.AccountRepository;
import io.subgate.account.AccountStatus;
import io.subgate.account.AccountType;
import io.subgate.account.NewAccount;
import io.subgate.account.OAuthCredentials;
import io.subgate.account.Platform;
import io.subgate.refresh.RefreshSweep;
import io.subgate.testing.StubGoogle;
import io.subgate.testing.TestDatabase;
import io.subgate.testing.TestServices;
import io.subgate.token.PlatformTokenClients;
import io.subgate.token.RefreshFailure;
import io.subgate.token.RefreshFailure.Kind;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Gemini and Antigravity refresh with no configuration beyond where Google is (the published client
 * secrets are the defaults), against a token endpoint that refuses what Google refuses, and the
 * project discovery that follows a refresh.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GoogleRefreshTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(5);
  private final StubGoogle google = new StubGoogle();
  private final List<TestDatabase> databases = new ArrayList<>();

  @AfterAll
  void stop() {
    databases.forEach(TestDatabase::close);
    google.close();
  }

  /** Where Google is, and nothing else: no client secret is configured. */
  private Map<String, Object> whereGoogleIs() {
    Map<String, Object> p = new HashMap<>();
    for (Platform platform : List.of(Platform.GEMINI, Platform.ANTIGRAVITY)) {
      p.put("subgate.platforms." + platform.wireName() + ".token-url", google.tokenUrl());
    }
    p.put("subgate.platforms.gemini.oauth-api-base-url", google.baseUrl());
    p.put("redis.uri", TestServices.REDIS_URI);
    p.put("subgate.redis.namespace", TestServices.freshRedisNamespace());
    p.put(
        "subgate.platforms.antigravity.oauth-api-base-url",
        google.baseUrl() + "/daily," + google.baseUrl() + "/prod");
    return p;
  }

  private TestDatabase database() {
    TestDatabase db = TestDatabase.postgres(whereGoogleIs());
    databases.add(db);
    return db;
  }

  private static OAuthCredentials credentials(String refreshToken, @Nullable String project) {
    return new OAuthCredentials("at-old", refreshToken, Instant.now(), null, project, null);
  }

  @Test
  void geminiAndAntigravity_refreshWithThePublishedSecrets_andKeepTheirRefreshToken()
      throws RefreshFailure {
    TestDatabase db = database();
    PlatformTokenClients clients = db.bean(PlatformTokenClients.class);
    google.refreshable("rt-gemini", "proj-g").refreshable("rt-ag", "proj-a");

    OAuthCredentials gemini =
        clients.client(Platform.GEMINI).refresh(credentials("rt-gemini", "proj-g"), TIMEOUT);
    OAuthCredentials antigravity =
        clients.client(Platform.ANTIGRAVITY).refresh(credentials("rt-ag", "proj-a"), TIMEOUT);

    assertTrue(gemini.accessToken().startsWith("ya29.stub-"));
    assertEquals("rt-gemini", gemini.refreshToken(), "Google does not rotate refresh tokens");
    assertEquals("proj-g", gemini.projectId());
    assertEquals("rt-ag", antigravity.refreshToken());
    assertTrue(google.last().body().contains("client_secret=GOCSPX-"), google.last().body());
  }

  @Test
  void theTokenEndpointStub_refusesARefreshWithoutOrWithAWrongClientSecret() throws Exception {
    google.refreshable("rt-refused", "p");
    String client = StubGoogle.CLIENTS.keySet().iterator().next();
    String base = "grant_type=refresh_token&refresh_token=rt-refused&client_id=" + client;

    HttpResponse<String> none = post(base);
    HttpResponse<String> wrong = post(base + "&client_secret=not-the-secret");

    assertEquals(400, none.statusCode());
    assertTrue(none.body().contains("invalid_request"), none.body());
    assertEquals(401, wrong.statusCode());
    assertTrue(wrong.body().contains("invalid_client"), wrong.body());
  }

  @Test
  void aGeminiAccountWithoutAProject_findsItAfterTheRefresh() throws RefreshFailure {
    TestDatabase db = database();
    google.refreshable("rt-onboard", "onboard:proj-new");

    OAuthCredentials next =
        db.bean(PlatformTokenClients.class)
            .client(Platform.GEMINI)
            .refresh(credentials("rt-onboard", null), TIMEOUT);

    assertEquals("proj-new", next.projectId());
    assertFalse(google.seen(":loadCodeAssist").isEmpty(), "looked up first");
    assertFalse(google.seen(":onboardUser").isEmpty(), "onboarded after loadCodeAssist");
  }

  @Test
  void aGeminiAccountThatCannotHaveAProject_endsInErrorState_withTheReason() {
    TestDatabase db = database();
    google.refreshable("rt-noproject", null);
    Account account =
        db.bean(AccountRepository.class)
            .create(
                new NewAccount(
                    "g-" + UUID.randomUUID(),
                    Platform.GEMINI,
                    AccountType.OAUTH,
                    1,
                    1,
                    new OAuthCredentials(
                        "at", "rt-noproject", Instant.now().plusSeconds(60), null, null, null)));

    RefreshFailure direct =
        assertThrows(
            RefreshFailure.class,
            () ->
                db.bean(PlatformTokenClients.class)
                    .client(Platform.GEMINI)
                    .refresh(credentials("rt-noproject", null), TIMEOUT));
    db.bean(RefreshSweep.class).run();

    assertEquals(Kind.NO_PROJECT, direct.kind());
    Account after = db.bean(AccountRepository.class).findById(account.id()).orElseThrow();
    assertEquals(AccountStatus.ERROR, after.status());
    assertTrue(
        String.valueOf(after.errorMessage()).contains("no Code Assist project"),
        after.errorMessage());
  }

  @Test
  void onboarding_pollsThroughTheSleeper_untilTheOperationIsDone() throws Exception {
    google.onboards("at-polls", "proj-polled", 3);
    List<Duration> slept = new ArrayList<>();
    CodeAssistProjects projects =
        new CodeAssistProjects(direct(), JsonMapper.createDefault(), slept::add);

    String project = projects.discover("at-polls", List.of(google.baseUrl()), TIMEOUT);

    assertEquals("proj-polled", project);
    assertEquals(List.of(Duration.ofSeconds(2), Duration.ofSeconds(2)), slept);
  }

  @Test
  void discovery_movesToTheNextHost_whenOneFails() throws Exception {
    google.user("at-hosts", "proj-hosts").hostFault("/prod", 503, 1);
    CodeAssistProjects projects =
        new CodeAssistProjects(direct(), JsonMapper.createDefault(), d -> {});

    String project =
        projects.discover(
            "at-hosts", List.of(google.baseUrl() + "/prod", google.baseUrl() + "/daily"), TIMEOUT);

    assertEquals("proj-hosts", project);
  }

  private HttpResponse<String> post(String form) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create(google.tokenUrl()))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form))
                .build(),
            HttpResponse.BodyHandlers.ofString());
  }

  private static io.subgate.egress.OAuthHttp direct() {
    return new io.subgate.egress.OAuthHttp(
        HttpClient.newHttpClient(), new io.subgate.egress.EgressClients(Duration.ofSeconds(5)));
  }
}
