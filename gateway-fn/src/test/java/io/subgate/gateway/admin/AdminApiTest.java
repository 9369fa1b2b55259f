package io.subgate.gateway.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import io.subgate.gateway.GatewayTestProperties;
import io.subgate.gateway.Http;
import io.subgate.tenancy.ApiKeyRepository;
import io.subgate.tenancy.ApiKeys;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AdminApiTest implements TestPropertyProvider {
  private static final String ACCESS_SECRET = "sk-ant-oat01-ADMIN-API-SECRET";

  @Inject EmbeddedServer server;
  @Inject JsonMapper json;
  @Inject ApiKeyRepository apiKeys;

  @Override
  public Map<String, String> getProperties() {
    return GatewayTestProperties.embedded();
  }

  private Http admin() {
    return new Http(server.getURI(), GatewayTestProperties.ADMIN_TOKEN);
  }

  private JsonNode body(HttpResponse<String> r) {
    try {
      return json.readValue(r.body(), JsonNode.class);
    } catch (IOException e) {
      throw new AssertionError("not JSON: " + r.body(), e);
    }
  }

  private static String unique(String base) {
    return base + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  private long createAccount(String name, String platform) {
    HttpResponse<String> r =
        admin()
            .post(
                "/admin/accounts",
                "{\"name\":\""
                    + name
                    + "\",\"platform\":\""
                    + platform
                    + "\",\"type\":\"oauth\",\"credentials\":{\"access_token\":\""
                    + ACCESS_SECRET
                    + "\",\"refresh_token\":\"rt-secret\",\"expires_at\":1795000000"
                    + (platform.equals("openai") ? ",\"upstream_account_id\":\"acct-test\"" : "")
                    + "}}");
    assertEquals(201, r.statusCode(), r.body());
    return body(r).get("id").getLongValue();
  }

  /** An unsigned JWT whose payload is {@code claims}, as OpenAI's login returns an id_token. */
  private static String idToken(String claims) {
    java.util.Base64.Encoder b64 = java.util.Base64.getUrlEncoder().withoutPadding();
    return b64.encodeToString(
            "{\"alg\":\"none\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8))
        + "."
        + b64.encodeToString(claims.getBytes(java.nio.charset.StandardCharsets.UTF_8))
        + ".sig";
  }

  @Test
  void codexAccounts_needTheirChatGptAccountId_givenOrReadFromTheIdToken() {
    String base =
        "{\"name\":\"%s\",\"platform\":\"openai\",\"type\":\"oauth\",\"credentials\":"
            + "{\"access_token\":\"at\",\"refresh_token\":\"rt\"%s}}";
    HttpResponse<String> missing =
        admin().post("/admin/accounts", String.format(base, "codex-none", ""));
    assertEquals(400, missing.statusCode());
    assertEquals(
        "credentials.upstream_account_id",
        body(missing).get("error").get("field").getStringValue());

    HttpResponse<String> noClaim =
        admin()
            .post(
                "/admin/accounts",
                String.format(
                    base, "codex-bad", ",\"id_token\":\"" + idToken("{\"sub\":\"u\"}") + "\""));
    assertEquals(400, noClaim.statusCode());
    assertEquals("credentials.id_token", body(noClaim).get("error").get("field").getStringValue());

    String claims =
        "{\"sub\":\"u\",\"https://api.openai.com/auth\":{\"chatgpt_account_id\":\"acct-9f\"}}";
    HttpResponse<String> fromToken =
        admin()
            .post(
                "/admin/accounts",
                String.format(
                    base,
                    "codex-jwt-" + System.nanoTime(),
                    ",\"id_token\":\"" + idToken(claims) + "\""));
    assertEquals(201, fromToken.statusCode(), fromToken.body());
    assertEquals("acct-9f", body(fromToken).get("upstream_account_id").getStringValue());
    assertFalse(fromToken.body().contains(idToken(claims)), "the id token is not echoed");
  }

  @Test
  void setupTokens_areAnthropicOnly() {
    HttpResponse<String> r =
        admin()
            .post(
                "/admin/accounts",
                "{\"name\":\"st\",\"platform\":\"openai\",\"type\":\"setup-token\","
                    + "\"credentials\":{\"access_token\":\"a\"}}");
    assertEquals(400, r.statusCode());
    assertEquals("type", body(r).get("error").get("field").getStringValue());
  }

  private long createGroup(String platform) {
    HttpResponse<String> r =
        admin()
            .post(
                "/admin/groups",
                "{\"name\":\"" + unique("g") + "\",\"platform\":\"" + platform + "\"}");
    assertEquals(201, r.statusCode(), r.body());
    return body(r).get("id").getLongValue();
  }

  @Test
  void mixedGroup_withSettings_isCreatedChangedFencedAndValidated() {
    long fallback = createGroup("anthropic");
    HttpResponse<String> made =
        admin()
            .post(
                "/admin/groups",
                "{\"name\":\""
                    + unique("mixed")
                    + "\",\"platforms\":[\"openai\",\"anthropic\"],"
                    + "\"model_mapping\":{\"claude-*\":\"claude-sonnet-4-5\"},"
                    + "\"default_models\":{\"openai\":\"gpt-5\"},\"fallback_group_id\":"
                    + fallback
                    + "}");
    assertEquals(201, made.statusCode(), made.body());
    JsonNode view = body(made);
    long id = view.get("id").getLongValue();
    assertEquals("mixed", view.get("platform").getStringValue());
    assertEquals("anthropic", view.get("platforms").get(0).getStringValue());
    assertEquals("openai", view.get("platforms").get(1).getStringValue());
    assertEquals("claude-sonnet-4-5", view.get("model_mapping").get("claude-*").getStringValue());
    assertEquals("gpt-5", view.get("default_models").get("openai").getStringValue());
    assertEquals(fallback, view.get("fallback_group_id").getLongValue());
    assertEquals(0, view.get("version").getLongValue());

    HttpResponse<String> geminiKey =
        admin()
            .post(
                "/admin/accounts",
                "{\"name\":\""
                    + unique("gem")
                    + "\",\"platform\":\"gemini\","
                    + "\"type\":\"apikey\",\"credentials\":{\"api_key\":\"AIza-x\"}}");
    assertEquals(201, geminiKey.statusCode(), geminiKey.body());
    long gemini = body(geminiKey).get("id").getLongValue();
    HttpResponse<String> wrong =
        admin().post("/admin/groups/" + id + "/accounts", "{\"account_ids\":[" + gemini + "]}");
    assertEquals(400, wrong.statusCode(), "a platform the group does not hold");
    long claude = createAccount(unique("claude"), "anthropic");
    assertEquals(
        200,
        admin()
            .post("/admin/groups/" + id + "/accounts", "{\"account_ids\":[" + claude + "]}")
            .statusCode());

    HttpResponse<String> changed =
        admin()
            .send(
                "PATCH",
                "/admin/groups/" + id,
                "{\"version\":0,\"model_mapping\":null,\"fallback_group_id\":null,"
                    + "\"name\":\"renamed-"
                    + id
                    + "\"}");
    assertEquals(200, changed.statusCode(), changed.body());
    assertEquals("renamed-" + id, body(changed).get("name").getStringValue());
    assertEquals(0, body(changed).get("model_mapping").size(), "cleared");
    assertTrue(body(changed).get("fallback_group_id").isNull(), "cleared");
    assertEquals("gpt-5", body(changed).get("default_models").get("openai").getStringValue());
    assertEquals(1, body(changed).get("version").getLongValue());

    HttpResponse<String> stale =
        admin().send("PATCH", "/admin/groups/" + id, "{\"version\":0,\"name\":\"x\"}");
    assertEquals(409, stale.statusCode(), stale.body());
    HttpResponse<String> narrowed =
        admin().send("PATCH", "/admin/groups/" + id, "{\"version\":1,\"platform\":\"openai\"}");
    assertEquals(400, narrowed.statusCode(), "its Claude account is still a member");
    assertEquals("platforms", body(narrowed).get("error").get("field").getStringValue());
    HttpResponse<String> self =
        admin()
            .send(
                "PATCH", "/admin/groups/" + id, "{\"version\":1,\"fallback_group_id\":" + id + "}");
    assertEquals(400, self.statusCode());
    assertEquals("fallback_group_id", body(self).get("error").get("field").getStringValue());
    HttpResponse<String> foreignDefault =
        admin()
            .send(
                "PATCH",
                "/admin/groups/" + id,
                "{\"version\":1,\"default_models\":{\"gemini\":\"gemini-2.5-pro\"}}");
    assertEquals(400, foreignDefault.statusCode(), "gemini is not one of the group's platforms");
    HttpResponse<String> badPattern =
        admin()
            .post(
                "/admin/groups",
                "{\"name\":\""
                    + unique("g")
                    + "\",\"platform\":\"mixed\","
                    + "\"model_mapping\":{\"a*b\":\"c\"}}");
    assertEquals(400, badPattern.statusCode());
    HttpResponse<String> both =
        admin()
            .post(
                "/admin/groups",
                "{\"name\":\""
                    + unique("g")
                    + "\",\"platform\":\"openai\","
                    + "\"platforms\":[\"openai\"]}");
    assertEquals(400, both.statusCode());
    HttpResponse<String> all =
        admin().post("/admin/groups", "{\"name\":\"" + unique("g") + "\",\"platform\":\"mixed\"}");
    assertEquals(4, body(all).get("platforms").size(), "mixed holds every platform");
  }

  private long created(HttpResponse<String> r) {
    assertEquals(201, r.statusCode(), r.body());
    return body(r).get("id").getLongValue();
  }

  @Test
  void usersGroupsAndKeys_canBeChangedAndDeleted_andADeletedKeyStopsAtOnce() {
    String userName = unique("del-u");
    long user =
        created(admin().post("/admin/users", "{\"name\":\"" + userName + "\",\"concurrency\":2}"));
    long group = createGroup("anthropic");
    HttpResponse<String> keyMade =
        admin()
            .post(
                "/admin/api-keys",
                "{\"user_id\":" + user + ",\"group_id\":" + group + ",\"name\":\"a\"}");
    long key = created(keyMade);
    String plaintext = body(keyMade).get("key").getStringValue();
    long second =
        created(
            admin()
                .post(
                    "/admin/api-keys",
                    "{\"user_id\":" + user + ",\"group_id\":" + group + ",\"name\":\"b\"}"));

    HttpResponse<String> patched =
        admin()
            .send(
                "PATCH",
                "/admin/users/" + user,
                "{\"name\":\"" + userName + "-2\",\"concurrency\":9}");
    assertEquals(200, patched.statusCode(), patched.body());
    assertEquals(9, body(patched).get("concurrency").getIntValue());
    assertEquals(userName + "-2", body(patched).get("name").getStringValue());
    assertEquals(
        400, admin().send("PATCH", "/admin/users/" + user, "{\"concurrency\":0}").statusCode());

    HttpResponse<String> inUse = admin().send("DELETE", "/admin/groups/" + group, "");
    assertEquals(409, inUse.statusCode(), inUse.body());
    assertTrue(inUse.body().contains("2 key(s)"), inUse.body());

    Http client = new Http(server.getURI(), plaintext);
    String ask = "{\"model\":\"claude-sonnet-4\",\"max_tokens\":8,\"messages\":[]}";
    assertEquals(204, admin().send("DELETE", "/admin/api-keys/" + key, "").statusCode());
    assertEquals(404, admin().get("/admin/api-keys/" + key).statusCode());
    assertEquals(401, client.post("/v1/messages", ask).statusCode(), "the deleted key stopped");
    assertEquals(404, admin().send("DELETE", "/admin/api-keys/" + key, "").statusCode());

    assertEquals(204, admin().send("DELETE", "/admin/users/" + user, "").statusCode());
    assertEquals(404, admin().get("/admin/users/" + user).statusCode());
    assertEquals(404, admin().get("/admin/api-keys/" + second).statusCode(), "its keys went too");
    assertEquals(204, admin().send("DELETE", "/admin/groups/" + group, "").statusCode());
    assertEquals(404, admin().get("/admin/groups/" + group).statusCode());
    assertEquals(404, admin().send("DELETE", "/admin/groups/" + group, "").statusCode());
    created(admin().post("/admin/users", "{\"name\":\"" + userName + "-2\"}")); // name freed
  }

  @Test
  void health_isPublic() {
    HttpResponse<String> r = new Http(server.getURI(), null).get("/health");
    assertEquals(200, r.statusCode());
    assertEquals("ok", body(r).get("status").getStringValue());
  }

  @Test
  void admin_withoutOrWithWrongToken_is401() {
    for (String token : new String[] {null, "wrong", GatewayTestProperties.ADMIN_TOKEN + "x"}) {
      HttpResponse<String> r = admin().withBearer(token).get("/admin/accounts");
      assertEquals(401, r.statusCode());
      assertEquals("authentication_error", body(r).get("error").get("type").getStringValue());
    }
    HttpResponse<String> write =
        admin().withBearer(null).post("/admin/users", "{\"name\":\"" + unique("u") + "\"}");
    assertEquals(401, write.statusCode());
  }

  @Test
  void pool_canBeSetUpEndToEnd_andCredentialsNeverComeBack() {
    long account = createAccount(unique("claude"), "anthropic");
    long group = createGroup("anthropic");

    HttpResponse<String> added =
        admin().post("/admin/groups/" + group + "/accounts", "{\"account_ids\":[" + account + "]}");
    assertEquals(200, added.statusCode(), added.body());
    assertEquals(account, body(added).get("account_ids").get(0).getLongValue());

    HttpResponse<String> user =
        admin().post("/admin/users", "{\"name\":\"" + unique("alice") + "\",\"concurrency\":4}");
    assertEquals(201, user.statusCode(), user.body());
    long userId = body(user).get("id").getLongValue();
    assertEquals(4, body(user).get("concurrency").getIntValue());

    HttpResponse<String> key =
        admin()
            .post(
                "/admin/api-keys",
                "{\"user_id\":" + userId + ",\"group_id\":" + group + ",\"name\":\"laptop\"}");
    assertEquals(201, key.statusCode(), key.body());
    String plaintext = body(key).get("key").getStringValue();
    assertTrue(plaintext.startsWith("sk-sg-"));
    assertEquals(ApiKeys.displayPrefix(plaintext), body(key).get("prefix").getStringValue());
    assertTrue(apiKeys.findByHash(ApiKeys.hash(plaintext)).isPresent(), "stored by hash");

    HttpResponse<String> read = admin().get("/admin/accounts/" + account);
    assertEquals(200, read.statusCode());
    JsonNode view = body(read);
    assertEquals("2026-11-18T11:06:40Z", view.get("token_expires_at").getStringValue());
    assertEquals("active", view.get("status").getStringValue());
    assertTrue(view.get("has_refresh_token").getBooleanValue());
    assertFalse(read.body().contains(ACCESS_SECRET));
    assertFalse(read.body().contains("rt-secret"));

    HttpResponse<String> list = admin().get("/admin/accounts?limit=500");
    assertEquals(200, list.statusCode());
    assertTrue(list.body().contains("\"id\":" + account));
    assertFalse(list.body().contains(ACCESS_SECRET));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"platform\":\"anthropic\",\"type\":\"oauth\",\"credentials\":{\"access_token\":\"a\"}}|name",
        "{\"name\":\"x1\",\"platform\":\"bard\",\"type\":\"oauth\",\"credentials\":{\"access_token\":\"a\"}}|platform",
        "{\"name\":\"x2\",\"platform\":\"openai\",\"type\":\"cookie\",\"credentials\":{\"access_token\":\"a\"}}|type",
        "{\"name\":\"x3\",\"platform\":\"openai\",\"type\":\"oauth\",\"priority\":\"high\",\"credentials\":{\"access_token\":\"a\"}}|priority",
        "{\"name\":\"x4\",\"platform\":\"openai\",\"type\":\"oauth\",\"concurrency\":0,\"credentials\":{\"access_token\":\"a\"}}|concurrency",
        "{\"name\":\"x5\",\"platform\":\"openai\",\"type\":\"oauth\"}|credentials",
        "{\"name\":\"x6\",\"platform\":\"openai\",\"type\":\"oauth\",\"credentials\":{}}|credentials.access_token",
        "{\"name\":\"x7\",\"platform\":\"openai\",\"type\":\"oauth\",\"credentials\":{\"access_token\":\"a\",\"expires_at\":\"tomorrow\"}}|credentials.expires_at",
        "{\"name\":\"x8\",\"platform\":\"openai\",\"type\":\"upstream\",\"credentials\":{\"api_key\":\"k\"}}|credentials.base_url",
        "{\"name\":\"x9\",\"platform\":\"openai\",\"type\":\"apikey\",\"credentials\":{\"api_key\":\"k\",\"base_url\":\"ftp://x\"}}|credentials.base_url",
        "{\"name\":42,\"platform\":\"openai\",\"type\":\"apikey\",\"credentials\":{\"api_key\":\"k\"}}|name",
        "[1,2]|body",
        "{not json|body",
        "''|body"
      })
  void createAccount_invalidField_is400NamingIt(String requestBody, String field) {
    HttpResponse<String> r = admin().post("/admin/accounts", requestBody);
    assertEquals(400, r.statusCode(), r.body());
    JsonNode error = body(r).get("error");
    assertEquals("invalid_request_error", error.get("type").getStringValue());
    assertEquals(field, error.get("field").getStringValue());
  }

  @Test
  void duplicateNames_are409() {
    String name = unique("dup");
    createAccount(name, "openai");
    HttpResponse<String> r =
        admin()
            .post(
                "/admin/accounts",
                "{\"name\":\""
                    + name
                    + "\",\"platform\":\"openai\",\"type\":\"apikey\",\"credentials\":{\"api_key\":\"k\"}}");
    assertEquals(409, r.statusCode());
    assertEquals("name", body(r).get("error").get("field").getStringValue());

    String user = unique("u");
    assertEquals(201, admin().post("/admin/users", "{\"name\":\"" + user + "\"}").statusCode());
    assertEquals(409, admin().post("/admin/users", "{\"name\":\"" + user + "\"}").statusCode());
  }

  @Test
  void unknownIds_are404() {
    assertEquals(404, admin().get("/admin/accounts/987654").statusCode());
    assertEquals(404, admin().get("/admin/groups/987654").statusCode());
    assertEquals(404, admin().get("/admin/users/987654").statusCode());
    long group = createGroup("openai");
    HttpResponse<String> r =
        admin()
            .post(
                "/admin/api-keys",
                "{\"user_id\":987654,\"group_id\":" + group + ",\"name\":\"k\"}");
    assertEquals(404, r.statusCode());
    assertEquals("not_found_error", body(r).get("error").get("type").getStringValue());
  }

  @Test
  void addingAccounts_failsWhole_whenOneIsUnknownOrOfAnotherPlatform() {
    long group = createGroup("anthropic");
    long good = createAccount(unique("good"), "anthropic");
    long other = createAccount(unique("other"), "openai");

    HttpResponse<String> unknown =
        admin()
            .post(
                "/admin/groups/" + group + "/accounts", "{\"account_ids\":[" + good + ",999999]}");
    assertEquals(404, unknown.statusCode());
    HttpResponse<String> mismatch =
        admin()
            .post(
                "/admin/groups/" + group + "/accounts",
                "{\"account_ids\":[" + good + "," + other + "]}");
    assertEquals(400, mismatch.statusCode());
    assertEquals("account_ids", body(mismatch).get("error").get("field").getStringValue());

    HttpResponse<String> read = admin().get("/admin/groups/" + group);
    assertEquals(0, body(read).get("account_ids").size(), "nothing half-written");
  }

  @Test
  void frameworkErrors_haveTheSameShape() {
    HttpResponse<String> badId = admin().get("/admin/accounts/abc");
    assertEquals(400, badId.statusCode());
    assertEquals("id", body(badId).get("error").get("field").getStringValue());

    HttpResponse<String> badLimit = admin().get("/admin/accounts?limit=0");
    assertEquals(400, badLimit.statusCode());
    assertEquals("limit", body(badLimit).get("error").get("field").getStringValue());

    HttpResponse<String> unknownRoute = admin().get("/admin/nothing-here");
    assertEquals(404, unknownRoute.statusCode());
    assertEquals("error", body(unknownRoute).get("type").getStringValue());

    HttpResponse<String> wrongMethod = admin().send("DELETE", "/health", "");
    assertEquals(405, wrongMethod.statusCode());
    assertEquals(
        "invalid_request_error", body(wrongMethod).get("error").get("type").getStringValue());
  }
}
