package io.subgate.gateway.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.subgate.account.Account;
import io.subgate.account.Platform;
import io.subgate.gateway.GatewayTestProperties;
import io.subgate.gateway.Http;
import io.subgate.testing.PrivateRedis;
import io.subgate.testing.StubLlmUpstream.Fault;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * With {@code subgate.budgets.redis-outage: refuse}, a budgeted key is answered 503 in its
 * protocol's shape while Redis is down (its budget cannot be held across processes), and a key
 * without budgets is served as usual.
 */
@MicronautTest(transactional = false)
class BudgetOutageRefusedTest extends UpstreamTestBase {
  private static final PrivateRedis REDIS = new PrivateRedis();

  @Override
  protected void configure(Map<String, String> p) {
    p.put("redis.uri", REDIS.uri());
    p.put("subgate.redis.timeout", "500ms");
    p.put("subgate.budgets.redis-outage", "refuse");
  }

  @AfterAll
  void stopRedis() {
    REDIS.close();
  }

  @Test
  void aBudgetedKeyIsRefused_whileRedisIsDown_andAnUnbudgetedOneServed() throws Exception {
    String secret = "sk-ant-api-refuse-" + UUID.randomUUID().toString().substring(0, 8);
    Account account = pools().account(Platform.ANTHROPIC, secret, 1, 10);
    String budgeted = pools().key(Platform.ANTHROPIC, 10, account);
    String free = pools().key(Platform.ANTHROPIC, 10, account);
    upstream.fault(secret, Fault.status(200, -1).withBody(BudgetsTest.ANSWER));
    new Http(server.getURI(), GatewayTestProperties.ADMIN_TOKEN)
        .send(
            "PUT",
            "/admin/api-keys/" + pools().keyId(budgeted) + "/limits",
            "{\"budgets\":{\"month\":100}}");
    assertEquals(
        200, Sse.send(server.getURI(), "/v1/messages", budgeted, BudgetsTest.REQUEST).statusCode());

    REDIS.stop();
    HttpResponse<String> refused;
    int served;
    try {
      refused = Sse.send(server.getURI(), "/v1/messages", budgeted, BudgetsTest.REQUEST);
      served = Sse.send(server.getURI(), "/v1/messages", free, BudgetsTest.REQUEST).statusCode();
    } finally {
      REDIS.start();
    }

    assertEquals(503, refused.statusCode(), refused.body());
    assertTrue(refused.body().contains("\"type\":\"error\""), refused.body());
    assertTrue(refused.body().contains("budget cannot be checked"), refused.body());
    assertTrue(refused.headers().firstValue("retry-after").isPresent());
    assertEquals(200, served, "a key without budgets is served through the outage");
  }
}
