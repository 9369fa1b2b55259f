package io.subgate.gateway.proxy;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.json.tree.JsonNode;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.subgate.account.Platform;
import io.subgate.adapter.redis.RedisHealth;
import io.subgate.testing.PrivateRedis;
import io.subgate.testing.StubLlmUpstream.Fault;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Budgeted traffic through a Redis outage with the default {@code subgate.budgets.redis-outage:
 * local}: requests go on being served and counted in the process, their usage rows (with cost)
 * reach the database, and once Redis answers again the spend of the outage is sent to it, so the
 * day's window holds every request Redis did not lose.
 */
@MicronautTest(transactional = false)
class BudgetOutageTest extends UpstreamTestBase {
  private static final PrivateRedis REDIS = new PrivateRedis();

  @Inject RedisHealth health;

  @Override
  protected void configure(Map<String, String> p) {
    p.put("redis.uri", REDIS.uri());
    p.put("subgate.redis.timeout", "500ms");
  }

  @AfterAll
  void stopRedis() {
    REDIS.close();
  }

  private int send(String key) throws Exception {
    return Sse.send(server.getURI(), "/v1/messages", key, BudgetsTest.REQUEST).statusCode();
  }

  @Test
  void servedAndCountedInTheProcess_thenTheOutagesSpendReachesRedis() throws Exception {
    String secret = "sk-ant-api-outage-" + UUID.randomUUID().toString().substring(0, 8);
    String key =
        pools().key(Platform.ANTHROPIC, 10, pools().account(Platform.ANTHROPIC, secret, 1, 10));
    long keyId = pools().keyId(key);
    upstream.fault(secret, Fault.status(200, -1).withBody(BudgetsTest.ANSWER));
    assertEquals(
        200,
        admin()
            .send("PUT", "/admin/api-keys/" + keyId + "/limits", "{\"budgets\":{\"day\":1}}")
            .statusCode());
    assertEquals(200, send(key));
    assertEquals(200, send(key));

    REDIS.stop();
    int during = 0;
    for (int i = 0; i < 3; i++) {
      during += send(key) == 200 ? 1 : 0;
    }
    assertTrue(health.down());
    REDIS.start();
    await().atMost(Duration.ofSeconds(5)).until(() -> send(key) == 200 && !health.down());
    // The first request after Redis came back sent the outage's charges with its own release.
    JsonNode day =
        await()
            .atMost(Duration.ofSeconds(5))
            .until(
                () ->
                    tree(admin().get("/admin/api-keys/" + keyId + "/limits").body())
                        .get("spend")
                        .get("day"),
                d -> d.get("spent_usd").getNumberValue().doubleValue() > 0.35);
    String range =
        "from=" + Instant.now().minus(Duration.ofHours(1)) + "&to=" + Instant.now().plusSeconds(60);
    JsonNode rows =
        tree(admin().get("/admin/usage?group_by=key&api_key_id=" + keyId + "&" + range).body())
            .get("totals")
            .get(0);

    assertEquals(3, during, "every request of the outage served");
    long requests = rows.get("requests").getLongValue();
    assertTrue(requests >= 6, "every usage row reached the database: " + rows);
    BigDecimal each = new BigDecimal("0.10005");
    assertEquals(
        0,
        new BigDecimal(rows.get("cost_usd").getNumberValue().toString())
            .compareTo(each.multiply(BigDecimal.valueOf(requests))),
        rows.toString());
    // This Redis keeps nothing on disk: its restart lost the two requests before the outage. The
    // three of the outage, counted in the process meanwhile, were sent to it once it answered.
    assertEquals(
        0,
        new BigDecimal(day.get("spent_usd").getNumberValue().toString())
            .compareTo(each.multiply(BigDecimal.valueOf(requests - 2))),
        "Redis holds the spend of every request since its restart, the outage's included: " + day);
    assertFalse(health.down());
  }
}
