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
    java.util.concurrent.atomic.AtomicInteger after =
        new java.util.concurrent.atomic.AtomicInteger();
    await()
        .atMost(Duration.ofSeconds(5))
        .until(
            () -> {
              if (send(key) == 200) {
                after.incrementAndGet();
              }
              return !health.down();
            });
    long served = 2 + during + after.get();
    String range =
        "from=" + Instant.now().minus(Duration.ofHours(1)) + "&to=" + Instant.now().plusSeconds(60);
    // Usage rows are written in batches: wait, bounded, for every served request's row.
    JsonNode rows =
        await()
            .atMost(Duration.ofSeconds(5))
            .until(
                () ->
                    tree(admin()
                            .get("/admin/usage?group_by=key&api_key_id=" + keyId + "&" + range)
                            .body())
                        .get("totals")
                        .get(0),
                r -> r != null && r.get("requests").getLongValue() == served);
    BigDecimal each = new BigDecimal("0.10005");
    // This Redis keeps nothing on disk: its restart lost the two requests before the outage. The
    // three of the outage, counted in the process meanwhile, were sent to it once it answered. The
    // second request's release may have met the stopping Redis: its settlement (what it reserved
    // beyond its cost, $0.000095 back) is then sent later too, into the restarted Redis.
    BigDecimal expected = each.multiply(BigDecimal.valueOf(served - 2));
    BigDecimal lowest = expected.subtract(new BigDecimal("0.000095"));
    // The last request's release follows its answer: wait, bounded, for it.
    BigDecimal spent =
        await()
            .atMost(Duration.ofSeconds(5))
            .until(
                () ->
                    new BigDecimal(
                        tree(admin().get("/admin/api-keys/" + keyId + "/limits").body())
                            .get("spend")
                            .get("day")
                            .get("spent_usd")
                            .getNumberValue()
                            .toString()),
                d -> d.compareTo(lowest) >= 0);

    assertEquals(3, during, "every request of the outage served");
    assertEquals(
        0,
        new BigDecimal(rows.get("cost_usd").getNumberValue().toString())
            .compareTo(each.multiply(BigDecimal.valueOf(served))),
        "every usage row, with its cost, reached the database: " + rows);
    assertTrue(
        spent.compareTo(expected) <= 0,
        "Redis holds the spend of every request since its restart, the outage's included: "
            + spent
            + " of "
            + expected);
    assertFalse(health.down());
  }
}
