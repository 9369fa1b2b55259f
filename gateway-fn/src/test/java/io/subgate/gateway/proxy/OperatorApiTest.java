package io.subgate.gateway.proxy;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.json.tree.JsonNode;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.subgate.account.Account;
import io.subgate.account.AccountStatus;
import io.subgate.account.Platform;
import io.subgate.gateway.GatewayTestProperties;
import io.subgate.gateway.Http;
import io.subgate.testing.StubLlmUpstream.Fault;
import io.subgate.testing.StubLlmUpstream.StreamEnd;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The operator's API as an operator uses it, on PostgreSQL and Redis with real requests through the
 * gateway: settings changed against a version (a stale one is a 409), accounts disabled, enabled,
 * cleared and deleted with the request path following at once, keys revoked and users disabled with
 * a second gateway process (the Lambda handler) refusing them as soon as it hears, usage read by
 * key and model, and an audit record for every change.
 */
@MicronautTest(transactional = false)
class OperatorApiTest extends UpstreamTestBase {
  @Inject io.subgate.routing.StickySessions sessions;

  @Override
  protected void configure(Map<String, String> p) {
    // A long auth cache: only the revocation message can explain a refusal within the test.
    p.put("subgate.auth.cache-ttl", "10m");
    // A token endpoint that refuses connections: a subscription's check fails at its refresh.
    p.put("subgate.platforms.anthropic.token-url", "http://127.0.0.1:9/token");
  }

  private JsonNode body(HttpResponse<String> r) {
    return body(r.body());
  }

  private static String message() {
    return String.format(RequestPathTest.MESSAGES, "").replace("hi", UUID.randomUUID().toString());
  }

  private int send(URI base, String key) throws Exception {
    return Sse.send(base, "/v1/messages", key, message()).statusCode();
  }

  @Test
  void settingsAreFencedOnTheirVersion_andStatusChangesReachTheRequestPathAtOnce()
      throws Exception {
    Account account = pools().account(Platform.ANTHROPIC, "sk-ant-api-ops", 1, 2);
    String key = pools().key(Platform.ANTHROPIC, 5, account);
    String path = "/admin/accounts/" + account.id();

    HttpResponse<String> updated =
        admin()
            .send("PATCH", path, "{\"version\":0,\"priority\":7,\"models\":[\"claude-sonnet-4\"]}");
    HttpResponse<String> stale = admin().send("PATCH", path, "{\"version\":0,\"priority\":9}");
    HttpResponse<String> disabled = admin().post(path + "/disable", "");
    int whileDisabled = send(server.getURI(), key);
    HttpResponse<String> enabled = admin().post(path + "/enable", "");
    int afterEnable = send(server.getURI(), key);

    assertEquals(200, updated.statusCode(), updated.body());
    assertEquals(7, body(updated).get("priority").getIntValue());
    assertEquals(1, body(updated).get("version").getLongValue());
    assertEquals(409, stale.statusCode(), stale.body());
    assertEquals("version", body(stale).get("error").get("field").getStringValue());
    assertEquals("disabled", body(disabled).get("status").getStringValue());
    assertEquals(503, whileDisabled, "a disabled account serves nothing");
    assertEquals("active", body(enabled).get("status").getStringValue());
    assertEquals(200, afterEnable);
  }

  @Test
  void cooldownsClear_credentialsAreFencedToo_andDeleteIsSoft() throws Exception {
    Account account = pools().account(Platform.ANTHROPIC, "sk-ant-api-cool", 1, 2);
    String key = pools().key(Platform.ANTHROPIC, 5, account);
    String path = "/admin/accounts/" + account.id();
    accounts.setRateLimitedUntil(account.id(), Instant.now().plusSeconds(600));
    accounts.setModelCooldowns(
        account.id(), Map.of("claude-sonnet-4", Instant.now().plusSeconds(600)));

    HttpResponse<String> cleared = admin().post(path + "/clear-cooldowns", "");
    HttpResponse<String> replaced =
        admin()
            .send(
                "PUT",
                path + "/credentials",
                "{\"credentials_version\":1,\"credentials\":{\"api_key\":\"sk-ant-api-new\"}}");
    HttpResponse<String> staleCredentials =
        admin()
            .send(
                "PUT",
                path + "/credentials",
                "{\"credentials_version\":1,\"credentials\":{\"api_key\":\"sk-ant-api-x\"}}");
    int served = send(server.getURI(), key);
    String usedKey = upstream.header("x-api-key");
    String session = "session-" + UUID.randomUUID();
    sessions.bind(groupOf(key), session, account.id(), Duration.ofMinutes(5));
    HttpResponse<String> deleted = admin().send("DELETE", path, "");
    HttpResponse<String> gone = admin().post(path + "/enable", "");
    int afterDelete = send(server.getURI(), key);

    assertEquals(200, cleared.statusCode(), cleared.body());
    assertTrue(body(cleared).get("schedulable_now").getBooleanValue());
    assertTrue(body(cleared).get("model_cooldowns").isObject());
    assertEquals(0, body(cleared).get("model_cooldowns").size());
    assertEquals(200, replaced.statusCode(), replaced.body());
    assertEquals(2, body(replaced).get("credentials_version").getLongValue());
    assertFalse(replaced.body().contains("sk-ant-api-new"), "credentials are never echoed");
    assertEquals(409, staleCredentials.statusCode());
    assertEquals(200, served);
    assertEquals("sk-ant-api-new", usedKey, "the replaced key is used at once");
    assertEquals(204, deleted.statusCode(), deleted.body());
    assertEquals(404, gone.statusCode());
    assertEquals(503, afterDelete, "the key's group has no account left");
    assertTrue(accounts.findById(account.id()).orElseThrow().deleted(), "kept for its history");
    assertTrue(
        sessions.getAndTouch(groupOf(key), session, Duration.ofMinutes(5)).isEmpty(),
        "its sessions are unbound");
  }

  @Test
  void bulkActions_reportEachIdsOutcome() {
    Account one = pools().account(Platform.ANTHROPIC, "sk-ant-api-bulk1", 1, 1);
    Account two = pools().account(Platform.ANTHROPIC, "sk-ant-api-bulk2", 1, 1);
    String ids = "[" + one.id() + "," + two.id() + ",987654321]";

    HttpResponse<String> disabled =
        admin().post("/admin/accounts/bulk", "{\"ids\":" + ids + ",\"action\":\"disable\"}");
    boolean disabledBoth =
        accounts.findById(one.id()).orElseThrow().status() == AccountStatus.DISABLED
            && accounts.findById(two.id()).orElseThrow().status() == AccountStatus.DISABLED;
    HttpResponse<String> unscheduled =
        admin().post("/admin/accounts/bulk", "{\"ids\":" + ids + ",\"action\":\"unschedule\"}");
    HttpResponse<String> refreshed =
        admin().post("/admin/accounts/bulk", "{\"ids\":" + ids + ",\"action\":\"refresh\"}");
    HttpResponse<String> unknown =
        admin().post("/admin/accounts/bulk", "{\"ids\":" + ids + ",\"action\":\"explode\"}");

    assertEquals(200, disabled.statusCode(), disabled.body());
    JsonNode results = body(disabled).get("results");
    assertEquals("ok", results.get(Long.toString(one.id())).getStringValue());
    assertEquals("ok", results.get(Long.toString(two.id())).getStringValue());
    assertEquals("not found", results.get("987654321").getStringValue());
    assertTrue(disabledBoth, "both accounts disabled");
    assertEquals(200, unscheduled.statusCode(), unscheduled.body());
    assertFalse(accounts.findById(one.id()).orElseThrow().schedulable());
    assertEquals(
        "only oauth and setup-token accounts have a token to refresh",
        body(refreshed).get("results").get(Long.toString(one.id())).getStringValue());
    assertEquals(400, unknown.statusCode());
    assertEquals("action", body(unknown).get("error").get("field").getStringValue());
  }

  @Test
  void aKeysModelMapping_namesModelsAsTheProviderKnowsThem_andListsWhatTheKeyServes()
      throws Exception {
    HttpResponse<String> created =
        admin()
            .post(
                "/admin/accounts",
                "{\"name\":\"mapped-"
                    + UUID.randomUUID()
                    + "\",\"platform\":\"anthropic\",\"type\":\"apikey\",\"credentials\":"
                    + "{\"api_key\":\"sk-ant-api-mapped\",\"model_mapping\":"
                    + "{\"claude-sonnet-4\":\"claude-sonnet-4-5-20250929\","
                    + "\"claude-haiku-*\":\"claude-haiku-4-5\"}}}");
    HttpResponse<String> oauthMapped =
        admin()
            .post(
                "/admin/accounts",
                "{\"name\":\"x\",\"platform\":\"anthropic\",\"type\":\"oauth\",\"credentials\":"
                    + "{\"access_token\":\"sk-ant-oat01-x\",\"model_mapping\":{\"a\":\"b\"}}}");
    HttpResponse<String> badPattern =
        admin()
            .post(
                "/admin/accounts",
                "{\"name\":\"y\",\"platform\":\"anthropic\",\"type\":\"apikey\",\"credentials\":"
                    + "{\"api_key\":\"k\",\"model_mapping\":{\"claude-*-x\":\"b\"}}}");
    assertEquals(201, created.statusCode(), created.body());
    Account account = accounts.findById(body(created).get("id").getLongValue()).orElseThrow();
    String key = pools().key(Platform.ANTHROPIC, 5, account);

    HttpResponse<String> mapped = Sse.send(server.getURI(), "/v1/messages", key, message());
    String sentModel = body(upstream.lastBody()).get("model").getStringValue();
    HttpResponse<String> pattern =
        Sse.send(
            server.getURI(),
            "/v1/messages",
            key,
            message().replace("claude-sonnet-4", "claude-haiku-3"));
    String patternModel = body(upstream.lastBody()).get("model").getStringValue();
    int callsBefore = upstream.totalCalls();
    HttpResponse<String> unmapped =
        Sse.send(
            server.getURI(),
            "/v1/messages",
            key,
            message().replace("claude-sonnet-4", "claude-opus-4"));
    HttpResponse<String> models = new Http(server.getURI(), key).get("/v1/models");

    assertEquals(
        "claude-sonnet-4-5-20250929",
        body(created).get("model_mapping").get("claude-sonnet-4").getStringValue());
    assertFalse(created.body().contains("sk-ant-api-mapped"), "the key is never shown");
    assertEquals(200, mapped.statusCode(), mapped.body());
    assertEquals("claude-sonnet-4-5-20250929", sentModel);
    assertEquals(200, pattern.statusCode(), pattern.body());
    assertEquals("claude-haiku-4-5", patternModel);
    assertEquals(400, unmapped.statusCode(), unmapped.body());
    assertTrue(unmapped.body().contains("not served"), unmapped.body());
    assertEquals(callsBefore, upstream.totalCalls(), "an unmapped model goes nowhere");
    assertTrue(models.body().contains("\"claude-sonnet-4\""), models.body());
    assertFalse(models.body().contains("claude-opus"), models.body());
    assertEquals(400, oauthMapped.statusCode());
    assertEquals(
        "credentials.model_mapping", body(oauthMapped).get("error").get("field").getStringValue());
    assertEquals(400, badPattern.statusCode());
  }

  private JsonNode body(String json) {
    try {
      return this.json.readValue(json, JsonNode.class);
    } catch (java.io.IOException e) {
      throw new AssertionError(json, e);
    }
  }

  private long groupOf(String key) {
    return keys.findByHash(io.subgate.tenancy.ApiKeys.hash(key)).orElseThrow().groupId();
  }

  @Test
  void aRevokedKey_andADisabledUsersKeys_areRefusedByEveryProcess() throws Exception {
    Account account = pools().account(Platform.ANTHROPIC, "sk-ant-api-rev", 1, 4);
    String revoked = pools().key(Platform.ANTHROPIC, 5, account);
    String other = pools().key(Platform.ANTHROPIC, 5, account);
    List<URI> processes = gateways().stream().map(URI::create).toList();
    for (URI p : processes) {
      assertEquals(200, send(p, revoked), p.toString());
      assertEquals(200, send(p, other), p.toString());
    }
    long keyId = pools().keyId(revoked);
    long userId = pools().userOf(other);

    Instant start = Instant.now();
    HttpResponse<String> revoke = admin().post("/admin/api-keys/" + keyId + "/revoke", "");
    HttpResponse<String> disable = admin().post("/admin/users/" + userId + "/disable", "");
    for (URI p : processes) {
      await()
          .atMost(Duration.ofSeconds(5))
          .pollInterval(Duration.ofMillis(50))
          .until(() -> send(p, revoked) == 401 && send(p, other) == 401);
    }
    Duration took = Duration.between(start, Instant.now());

    assertEquals("revoked", body(revoke).get("status").getStringValue());
    assertFalse(body(disable).get("active").getBooleanValue());
    assertTrue(took.compareTo(Duration.ofSeconds(5)) < 0, "refused everywhere in " + took);
    System.out.println("  key revocation seen by both processes in " + took.toMillis() + " ms");
    HttpResponse<String> listed = admin().get("/admin/api-keys?user_id=" + pools().userOf(revoked));
    assertEquals("revoked", body(listed).get("api_keys").get(0).get("status").getStringValue());
    assertFalse(listed.body().contains(revoked), "the key is never listed");
  }

  @Test
  void usage_byKeyAndByModelForADay_theRequestLog_theClientsOwnSummary_andTheAudit()
      throws Exception {
    Account account = pools().account(Platform.ANTHROPIC, "sk-ant-api-use", 1, 4);
    String key = pools().key(Platform.ANTHROPIC, 5, account);
    long keyId = pools().keyId(key);
    for (int i = 0; i < 3; i++) {
      assertEquals(200, send(server.getURI(), key));
    }
    String range =
        "from=" + Instant.now().minus(Duration.ofDays(1)) + "&to=" + Instant.now().plusSeconds(60);
    awaitLogged(keyId, range, 3);

    JsonNode byModel =
        body(
            admin()
                .get("/admin/usage?group_by=model&bucket=day&api_key_id=" + keyId + "&" + range));
    JsonNode byKey = body(admin().get("/admin/usage?group_by=key&bucket=hour&" + range));
    HttpResponse<String> own = new Http(server.getURI(), key).get("/v1/usage");
    admin().post("/admin/accounts/" + account.id() + "/clear-cooldowns", "");
    HttpResponse<String> badGroup = admin().get("/admin/usage?group_by=colour");

    long modelRequests = 0;
    for (JsonNode t : byModel.get("totals").values()) {
      modelRequests += t.get("requests").getLongValue();
    }
    assertEquals(3, modelRequests, byModel.toString());
    assertEquals("claude-sonnet-4", byModel.get("totals").get(0).get("value").getStringValue());
    boolean keySeen = false;
    for (JsonNode t : byKey.get("totals").values()) {
      keySeen |= t.get("value").getStringValue().equals(Long.toString(keyId));
    }
    assertTrue(keySeen, byKey.toString());
    assertEquals(200, own.statusCode(), own.body());
    assertEquals(3, body(own).get("today").get("requests").getLongValue());
    assertEquals(
        "private, max-age=30", own.headers().firstValue("cache-control").orElse(""), "cached");
    assertEquals(200, send(server.getURI(), key));
    awaitLogged(keyId, range, 4);
    HttpResponse<String> polled = new Http(server.getURI(), key).get("/v1/usage");
    assertEquals(
        3,
        body(polled).get("today").get("requests").getLongValue(),
        "a poll within 30 s is answered from the key's cached summary, not the database");
    assertEquals(400, badGroup.statusCode());
    assertEquals("group_by", body(badGroup).get("error").get("field").getStringValue());
    JsonNode entry = null;
    for (JsonNode e : body(admin().get("/admin/audit?limit=500")).get("entries").values()) {
      if (e.get("target").getStringValue().equals("account:" + account.id())) {
        entry = e;
        break;
      }
    }
    if (entry == null) {
      throw new AssertionError("the change left no audit record");
    }
    assertEquals("account.clear_cooldowns", entry.get("action").getStringValue());
    assertTrue(entry.get("actor").getStringValue().startsWith("admin:"));
    assertTrue(entry.get("before").getStringValue().contains("\"name\""));
    assertFalse(entry.toString().contains(GatewayTestProperties.ADMIN_TOKEN), "never the token");
    assertFalse(entry.toString().contains("sk-ant-api-use"), "never a credential");
  }

  @Test
  void aHealthCheck_streamsItsSteps_andSaysWhetherTheAccountWorks() {
    Account key = pools().account(Platform.ANTHROPIC, "sk-ant-api-check", 1, 1);
    Account subscription =
        pools().oauth(Platform.ANTHROPIC, "sk-ant-oat01-check-" + UUID.randomUUID(), null, 1, 1);

    HttpResponse<String> healthy = admin().post("/admin/accounts/" + key.id() + "/check", "");
    HttpResponse<String> broken =
        admin().post("/admin/accounts/" + subscription.id() + "/check", "");

    assertEquals(200, healthy.statusCode(), healthy.body());
    assertTrue(
        healthy.headers().firstValue("content-type").orElse("").startsWith("text/event-stream"));
    List<String> events = List.of(healthy.body().split("\n\n"));
    assertTrue(events.get(0).contains("event: check_start"), healthy.body());
    assertTrue(healthy.body().contains("\"step\":\"models\""), healthy.body());
    assertTrue(
        events.stream()
            .anyMatch(e -> e.contains("check_complete") && e.contains("\"success\":true")),
        healthy.body());
    assertEquals("sk-ant-api-check", upstream.header("x-api-key"), "a real request with its key");
    assertTrue(broken.body().contains("\"step\":\"refresh\""), broken.body());
    assertTrue(broken.body().contains("\"success\":false"), broken.body());
    assertFalse(broken.body().contains("sk-ant-oat01"), "no token in the events");
  }

  @Test
  void aKeysOwnLimits_refuseWith429_insideTheTwoRoundTrips() throws Exception {
    Account account = pools().account(Platform.ANTHROPIC, "sk-ant-api-limits", 1, 10);
    String perMinute = pools().key(Platform.ANTHROPIC, 10, account);
    String perDay = pools().key(Platform.ANTHROPIC, 10, account);
    HttpResponse<String> set =
        admin()
            .send(
                "PATCH",
                "/admin/api-keys/" + pools().keyId(perMinute),
                "{\"requests_per_minute\":2}");
    admin().send("PATCH", "/admin/api-keys/" + pools().keyId(perDay), "{\"tokens_per_day\":50}");

    List<Integer> minute = new java.util.ArrayList<>();
    for (int i = 0; i < 3; i++) {
      minute.add(send(server.getURI(), perMinute));
    }
    HttpResponse<String> refused = Sse.send(server.getURI(), "/v1/messages", perMinute, message());
    // One request of the stub's 46 tokens, then another under 50, then the day is used up. A
    // request reserves its estimate while it runs, so the second is admitted once the first has
    // settled (its slots go back just after the answer): waited for, bounded.
    int first = send(server.getURI(), perDay);
    int second =
        await()
            .atMost(Duration.ofSeconds(3))
            .until(() -> send(server.getURI(), perDay), status -> status == 200);
    // The charge is made when the slots go back, just after the answer: wait for it, bounded.
    HttpResponse<String> usedUp =
        await()
            .atMost(Duration.ofSeconds(3))
            .until(
                () -> Sse.send(server.getURI(), "/v1/messages", perDay, message()),
                r -> r.statusCode() == 429);

    assertEquals(200, set.statusCode(), set.body());
    assertEquals(2, body(set).get("requests_per_minute").getIntValue());
    // A minute boundary may fall between the requests: at most 2 per minute either way.
    assertTrue(minute.get(0) == 200 && minute.get(1) == 200, minute.toString());
    if (minute.get(2) == 429) {
      assertEquals(429, refused.statusCode(), refused.body());
      assertTrue(refused.body().contains("requests per minute"), refused.body());
      assertTrue(refused.headers().firstValue("retry-after").isPresent());
    }
    assertEquals(200, first);
    assertEquals(200, second, "46 of 50 tokens used before it");
    assertEquals(429, usedUp.statusCode(), usedUp.body());
    assertTrue(usedUp.body().contains("tokens per day"), usedUp.body());
  }

  /** Waits, bounded, until the request log holds {@code n} requests of the key. */
  private void awaitLogged(long keyId, String range, int n) {
    await()
        .atMost(Duration.ofSeconds(5))
        .until(
            () ->
                body(admin().get("/admin/usage/requests?api_key_id=" + keyId + "&" + range))
                        .get("requests")
                        .size()
                    == n);
  }

  /** A key limited to {@code tokens} a day, on an Anthropic key account of its own. */
  private String limitedKey(String secret, long tokens) {
    String key =
        pools().key(Platform.ANTHROPIC, 5, pools().account(Platform.ANTHROPIC, secret, 1, 4));
    admin()
        .send(
            "PATCH",
            "/admin/api-keys/" + pools().keyId(key),
            "{\"tokens_per_day\":" + tokens + "}");
    return key;
  }

  /**
   * Waits for the charge of the key's last request to land (it is made when the slots go back): the
   * account answers every later request with a 400 that uses no token, so only the limit can turn
   * the probe into a 429.
   */
  private HttpResponse<String> refusedOnceCharged(String key, String secret) {
    upstream.fault(secret, Fault.status(400, -1));
    return await()
        .atMost(Duration.ofSeconds(3))
        .until(
            () -> Sse.send(server.getURI(), "/v1/messages", key, message()),
            r -> r.statusCode() == 429);
  }

  @Test
  void requestsInFlight_countAgainstTheDailyLimit_throughTheirReservation() throws Exception {
    String id = UUID.randomUUID().toString().substring(0, 8);
    // Each request reserves its input estimate and its max_tokens (64): about 96 tokens.
    String key = limitedKey("sk-flight-" + id, 100);
    int clients = 8;
    java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
    java.util.concurrent.ExecutorService pool =
        java.util.concurrent.Executors.newFixedThreadPool(clients);
    upstream.headerLatency(Duration.ofMillis(400));
    List<Integer> statuses = new java.util.concurrent.CopyOnWriteArrayList<>();
    try {
      List<java.util.concurrent.Future<?>> running = new java.util.ArrayList<>();
      for (int i = 0; i < clients; i++) {
        running.add(
            pool.submit(
                () -> {
                  start.await();
                  statuses.add(send(server.getURI(), key));
                  return null;
                }));
      }
      start.countDown();
      for (java.util.concurrent.Future<?> f : running) {
        f.get(20, java.util.concurrent.TimeUnit.SECONDS);
      }
    } finally {
      upstream.headerLatency(Duration.ZERO);
      pool.shutdownNow();
    }
    long served = statuses.stream().filter(s -> s == 200).count();
    long refused = statuses.stream().filter(s -> s == 429).count();
    assertTrue(served >= 1 && served <= 2, "at most two reservations fit under 100: " + statuses);
    assertEquals(clients - served, refused, statuses.toString());
  }

  @Test
  void theDailyTokenLimit_countsPromptCacheTokens_andTheOutputOfACutStream() throws Exception {
    String id = UUID.randomUUID().toString().substring(0, 8);
    // 12 input + 34 output, and 40 read from the prompt cache: 86 of a 60-token day.
    String cached = limitedKey("sk-cache-" + id, 60);
    upstream.fault(
        "sk-cache-" + id,
        Fault.status(200, 1)
            .withBody(
                "{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"content\":"
                    + "[{\"type\":\"text\",\"text\":\"hi\"}],\"stop_reason\":\"end_turn\",\"usage\":"
                    + "{\"input_tokens\":12,\"output_tokens\":34,\"cache_read_input_tokens\":40}}"));
    assertEquals(200, send(server.getURI(), cached));
    assertTrue(refusedOnceCharged(cached, "sk-cache-" + id).body().contains("tokens per day"));

    // A stream cut after its content, before the usage that ends it: 12 input and an estimate
    // of what was read, more than the 1 output token its opening reported.
    String cut = limitedKey("sk-cut-" + id, 14);
    upstream.fault("sk-cut-" + id, Fault.stream(6, StreamEnd.CUT, 1));
    HttpResponse<String> r =
        Sse.send(
            server.getURI(),
            "/v1/messages",
            cut,
            "{\"model\":\"claude-sonnet-4\",\"max_tokens\":8,\"stream\":true,\"messages\":[{\"role\":"
                + "\"user\",\"content\":\"x\"}]}");
    assertTrue(r.body().contains("event: error"), "cut: " + r.body());
    assertTrue(refusedOnceCharged(cut, "sk-cut-" + id).body().contains("tokens per day"));
  }

  @Test
  void theAccountList_filtersAndSorts() {
    Account low = pools().account(Platform.GEMINI, "AIza-sort-1", 900, 1);
    Account high = pools().account(Platform.GEMINI, "AIza-sort-2", 5, 1);

    JsonNode sorted = body(admin().get("/admin/accounts?platform=gemini&sort=priority&limit=500"));
    JsonNode firstPage = body(admin().get("/admin/accounts?sort=priority&limit=1"));
    HttpResponse<String> badSort = admin().get("/admin/accounts?sort=colour");

    List<Long> ids = new java.util.ArrayList<>();
    int previous = Integer.MIN_VALUE;
    for (JsonNode a : sorted.get("accounts").values()) {
      assertEquals("gemini", a.get("platform").getStringValue(), "filtered");
      assertTrue(a.get("priority").getIntValue() >= previous, "sorted by priority");
      previous = a.get("priority").getIntValue();
      ids.add(a.get("id").getLongValue());
    }
    assertTrue(ids.indexOf(high.id()) < ids.indexOf(low.id()), ids.toString());
    assertEquals(1, firstPage.get("next_offset").getIntValue());
    assertEquals(400, badSort.statusCode());
    assertEquals("sort", body(badSort).get("error").get("field").getStringValue());
  }
}
