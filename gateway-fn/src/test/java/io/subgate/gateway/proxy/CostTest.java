package io.subgate.gateway.proxy;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.json.tree.JsonNode;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.subgate.account.Account;
import io.subgate.account.Platform;
import io.subgate.gateway.Http;
import io.subgate.testing.StubLlmUpstream.Fault;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * What requests cost, end to end: each answer priced from its usage block when its record is
 * written, read back in USD from the request log, the admin totals and the key's own {@code
 * /v1/usage}; an unknown model recorded unpriced, then priced once the operator adds its price.
 */
@MicronautTest(transactional = false)
class CostTest extends UpstreamTestBase {
  private JsonNode body(HttpResponse<String> r) {
    return tree(r.body());
  }

  private static String range() {
    return "from="
        + Instant.now().minus(Duration.ofHours(1))
        + "&to="
        + Instant.now().plusSeconds(60);
  }

  private JsonNode logged(long keyId, int n) {
    return await()
        .atMost(Duration.ofSeconds(5))
        .until(
            () ->
                body(admin().get("/admin/usage/requests?api_key_id=" + keyId + "&" + range()))
                    .get("requests"),
            r -> r.size() == n);
  }

  private static BigDecimal usd(JsonNode n) {
    return new BigDecimal(n.getNumberValue().toString());
  }

  @Test
  void aCachedAnthropicAnswer_andAStream_arePricedAsWorkedOutByHand() throws Exception {
    String secret = "sk-ant-api-cost-" + UUID.randomUUID().toString().substring(0, 8);
    Account account = pools().account(Platform.ANTHROPIC, secret, 1, 4);
    String key = pools().key(Platform.ANTHROPIC, 5, account);
    long keyId = pools().keyId(key);
    upstream.fault(
        secret,
        Fault.status(200, 1)
            .withBody(
                "{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"model\":"
                    + "\"claude-opus-4-5-20251101\",\"content\":[{\"type\":\"text\",\"text\":\"hi\"}],"
                    + "\"stop_reason\":\"end_turn\",\"usage\":{\"input_tokens\":1200,"
                    + "\"cache_creation_input_tokens\":3000,\"cache_creation\":"
                    + "{\"ephemeral_5m_input_tokens\":1000,\"ephemeral_1h_input_tokens\":2000},"
                    + "\"cache_read_input_tokens\":50000,\"output_tokens\":800}}"));

    HttpResponse<String> whole =
        Sse.send(
            server.getURI(),
            "/v1/messages",
            key,
            String.format(RequestPathTest.MESSAGES, "")
                .replace("claude-sonnet-4", "claude-opus-4-5"));
    HttpResponse<String> streamed =
        Sse.send(
            server.getURI(),
            "/v1/messages",
            key,
            String.format(RequestPathTest.MESSAGES, "\"stream\":true,"));
    JsonNode log = logged(keyId, 2);

    assertEquals(200, whole.statusCode(), whole.body());
    assertEquals(200, streamed.statusCode(), streamed.body());
    JsonNode stream = log.get(0);
    JsonNode cached = log.get(1);
    // 1200×5 + 1000×6.25 + 2000×10 + 50000×0.5 + 800×25 = 77 250 per million tokens
    assertEquals(new BigDecimal("0.07725"), usd(cached.get("cost_usd")), cached.toString());
    assertEquals(2000, cached.get("cache_creation_1h_tokens").getLongValue());
    assertEquals(3000, cached.get("cache_creation_tokens").getLongValue());
    assertTrue(cached.get("price_version").getStringValue().startsWith("2026-"));
    // The stub's stream: 12 in, 34 out of claude-sonnet-4 at $3 / $15: 36 + 510 per million
    assertEquals(new BigDecimal("0.000546"), usd(stream.get("cost_usd")), stream.toString());

    JsonNode totals =
        body(
            admin()
                .get("/admin/usage?group_by=key&bucket=day&api_key_id=" + keyId + "&" + range()));
    assertEquals(
        new BigDecimal("0.077796"),
        usd(totals.get("totals").get(0).get("cost_usd")),
        totals.toString());
    JsonNode spend = body(admin().get("/admin/accounts/" + account.id() + "/spend"));
    JsonNode fiveHours = spend.get("windows").get(0);
    assertEquals("5h", fiveHours.get("label").getStringValue());
    assertEquals("rolling", fiveHours.get("source").getStringValue(), "no quota report");
    assertEquals(2, fiveHours.get("requests").getLongValue());
    assertEquals(new BigDecimal("0.077796"), usd(fiveHours.get("api_price_usd")), spend.toString());
    assertEquals(new BigDecimal("0.077796"), usd(spend.get("windows").get(1).get("api_price_usd")));
    JsonNode own = body(new Http(server.getURI(), key).get("/v1/usage"));
    assertEquals(new BigDecimal("0.077796"), usd(own.get("today").get("cost_usd")), own.toString());
  }

  @Test
  void aModelWithNoPrice_isRecordedUnpriced_untilTheOperatorPricesIt() throws Exception {
    String secret = "sk-ant-api-unpriced-" + UUID.randomUUID().toString().substring(0, 8);
    String model = "team-model-" + UUID.randomUUID().toString().substring(0, 8);
    String key =
        pools().key(Platform.ANTHROPIC, 5, pools().account(Platform.ANTHROPIC, secret, 1, 4));
    long keyId = pools().keyId(key);
    String request = String.format(RequestPathTest.MESSAGES, "").replace("claude-sonnet-4", model);

    assertEquals(200, Sse.send(server.getURI(), "/v1/messages", key, request).statusCode());
    logged(keyId, 1);
    HttpResponse<String> put =
        admin().send("PUT", "/admin/prices/" + model, "{\"input\":1000000,\"output\":2}");
    HttpResponse<String> bad =
        admin().send("PUT", "/admin/prices/" + model, "{\"input\":-1,\"output\":2}");
    HttpResponse<String> match = admin().get("/admin/prices/match?model=" + model);
    assertEquals(200, Sse.send(server.getURI(), "/v1/messages", key, request).statusCode());
    JsonNode log = logged(keyId, 2);
    JsonNode totals =
        body(
            admin()
                .get("/admin/usage?group_by=model&bucket=day&api_key_id=" + keyId + "&" + range()));
    HttpResponse<String> removed = admin().send("DELETE", "/admin/prices/" + model, "");
    HttpResponse<String> gone = admin().get("/admin/prices/match?model=" + model);

    assertTrue(log.get(1).get("cost_usd").isNull(), "never priced at 0: " + log.get(1));
    assertEquals(200, put.statusCode(), put.body());
    assertEquals(400, bad.statusCode(), bad.body());
    assertEquals("input", body(bad).get("error").get("field").getStringValue());
    assertEquals(200, match.statusCode(), match.body());
    assertTrue(body(match).get("version").getStringValue().contains("+o"), match.body());
    // 12 input tokens at $1 000 000 per million, 34 output at $2: $12.000068
    assertEquals(
        new BigDecimal("12.000068"), usd(log.get(0).get("cost_usd")), log.get(0).toString());
    JsonNode day = totals.get("totals").get(0);
    assertEquals(1, day.get("unpriced_requests").getLongValue(), totals.toString());
    assertEquals(new BigDecimal("12.000068"), usd(day.get("cost_usd")));
    assertEquals(204, removed.statusCode(), removed.body());
    assertEquals(404, gone.statusCode(), gone.body());
  }

  @Test
  void rateMultipliers_ofTheGroupAndTheAccount_scaleWhatIsCharged_notTheApiPrice()
      throws Exception {
    String secret = "sk-ant-api-rate-" + UUID.randomUUID().toString().substring(0, 8);
    Account account = pools().account(Platform.ANTHROPIC, secret, 1, 4);
    String key = pools().key(Platform.ANTHROPIC, 5, account);
    long keyId = pools().keyId(key);
    long group = keys.findById(keyId).orElseThrow().groupId();
    upstream.fault(
        secret,
        Fault.status(200, -1)
            .withBody(
                "{\"id\":\"msg_r\",\"type\":\"message\",\"role\":\"assistant\",\"model\":"
                    + "\"claude-opus-4-5\",\"content\":[{\"type\":\"text\",\"text\":\"hi\"}],"
                    + "\"stop_reason\":\"end_turn\",\"usage\":{\"input_tokens\":1200,"
                    + "\"cache_creation_input_tokens\":3000,\"cache_creation\":"
                    + "{\"ephemeral_5m_input_tokens\":1000,\"ephemeral_1h_input_tokens\":2000},"
                    + "\"cache_read_input_tokens\":50000,\"output_tokens\":800}}"));
    long accountVersion =
        body(admin().get("/admin/accounts/" + account.id())).get("version").getLongValue();
    long groupVersion = body(admin().get("/admin/groups/" + group)).get("version").getLongValue();
    HttpResponse<String> accountRate =
        admin()
            .send(
                "PATCH",
                "/admin/accounts/" + account.id(),
                "{\"version\":" + accountVersion + ",\"rate_multiplier\":1.5}");
    HttpResponse<String> groupRate =
        admin()
            .send(
                "PATCH",
                "/admin/groups/" + group,
                "{\"version\":" + groupVersion + ",\"rate_multiplier\":2}");
    HttpResponse<String> badRate =
        admin()
            .send(
                "PATCH",
                "/admin/groups/" + group,
                "{\"version\":" + (groupVersion + 1) + ",\"rate_multiplier\":-1}");
    admin().send("PUT", "/admin/api-keys/" + keyId + "/limits", "{\"budgets\":{\"day\":100}}");

    HttpResponse<String> answered =
        Sse.send(
            server.getURI(),
            "/v1/messages",
            key,
            String.format(RequestPathTest.MESSAGES, "")
                .replace("claude-sonnet-4", "claude-opus-4-5"));
    JsonNode logged = logged(keyId, 1).get(0);
    JsonNode own =
        await()
            .atMost(Duration.ofSeconds(5))
            .until(
                () -> body(new Http(server.getURI(), key).get("/v1/usage")),
                u ->
                    u.get("budgets")
                            .get("key")
                            .get("day")
                            .get("spent_usd")
                            .getNumberValue()
                            .doubleValue()
                        > 0);
    JsonNode spend = body(admin().get("/admin/accounts/" + account.id() + "/spend"));

    assertEquals(200, accountRate.statusCode(), accountRate.body());
    assertEquals(200, groupRate.statusCode(), groupRate.body());
    assertEquals(400, badRate.statusCode(), badRate.body());
    assertEquals("rate_multiplier", body(badRate).get("error").get("field").getStringValue());
    assertEquals(200, answered.statusCode(), answered.body());
    // $0.07725 at API prices, charged at 2 × 1.5: $0.23175
    assertEquals(new BigDecimal("0.07725"), usd(logged.get("cost_usd")), logged.toString());
    assertEquals(0, new BigDecimal("3").compareTo(usd(logged.get("rate_multiplier"))));
    assertEquals(new BigDecimal("0.23175"), usd(logged.get("charged_usd")));
    assertEquals(
        new BigDecimal("0.23175"), usd(own.get("today").get("charged_usd")), own.toString());
    assertEquals(new BigDecimal("0.07725"), usd(own.get("today").get("cost_usd")));
    assertEquals(
        new BigDecimal("0.23175"),
        usd(own.get("budgets").get("key").get("day").get("spent_usd")),
        "budgets count what is charged");
    assertEquals(
        new BigDecimal("0.07725"),
        usd(spend.get("windows").get(0).get("api_price_usd")),
        "the account's API-price equivalent is unscaled");
  }
}
