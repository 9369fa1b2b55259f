package io.subgate.gateway.proxy;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.json.tree.JsonNode;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.subgate.account.Account;
import io.subgate.account.Platform;
import io.subgate.alert.AlertSignature;
import io.subgate.testing.RepositoryCalls;
import io.subgate.testing.StubLlmUpstream.Fault;
import io.subgate.testing.WebhookReceiver;
import io.subgate.testing.WebhookReceiver.Notice;
import jakarta.inject.Inject;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Alerts through the admin API to a real receiver on loopback: an account failing and recovering is
 * heard once each, signed, in the generic and in Slack's shape; budget crossings are told from the
 * budget events' own thread while the receiver refuses, retried until it takes them, and no request
 * thread ever touches the alert store.
 */
@MicronautTest(transactional = false)
class AlertsTest extends UpstreamTestBase {
  // One receiver per test and shape: each test's webhooks are its own.
  private final WebhookReceiver generic = new WebhookReceiver();
  private final WebhookReceiver slack = new WebhookReceiver();
  private final WebhookReceiver budgets = new WebhookReceiver();
  @Inject RepositoryCalls repositoryCalls;

  @Override
  protected void configure(Map<String, String> p) {
    p.put("subgate.test.count-repository-calls", "true");
  }

  @AfterAll
  void stopReceivers() {
    generic.close();
    slack.close();
    budgets.close();
  }

  private JsonNode hook(String format, WebhookReceiver receiver) {
    HttpResponse<String> r =
        admin()
            .post(
                "/admin/alerts/webhooks",
                "{\"name\":\"hook-"
                    + UUID.randomUUID().toString().substring(0, 8)
                    + "\",\"url\":\""
                    + receiver.url()
                    + "\",\"format\":\""
                    + format
                    + "\"}");
    assertEquals(201, r.statusCode(), r.body());
    return tree(r.body());
  }

  private void evaluate() {
    HttpResponse<String> r = admin().post("/admin/alerts/evaluate", "");
    assertEquals(200, r.statusCode(), r.body());
  }

  private static List<Notice> about(WebhookReceiver receiver, String text) {
    return receiver.accepted().stream().filter(n -> n.body().contains(text)).toList();
  }

  @Test
  void anAccountFailingAndRecovering_isHeardOnceEach_signed_inBothShapes() {
    String secret = hook("generic", generic).get("secret").getStringValue();
    hook("slack", slack);
    HttpResponse<String> listed = admin().get("/admin/alerts/webhooks");
    assertTrue(!listed.body().contains(secret), "a secret is shown once, when created");

    Account a = pools().account(Platform.ANTHROPIC, "sk-ant-api-alert-" + UUID.randomUUID(), 1, 1);
    accounts.markError(a.id(), "invalid_grant: the refresh token was revoked");
    evaluate();
    evaluate();
    String condition = "\"account.error:" + a.id() + "\"";
    List<Notice> firing = about(generic, condition);
    assertEquals(1, firing.size(), generic.accepted().toString());
    Notice n = firing.get(0);
    assertEquals(
        AlertSignature.sign(secret, Long.parseLong(n.header(AlertSignature.TIMESTAMP)), n.body()),
        n.header(AlertSignature.HEADER));
    List<Notice> slackFiring = about(slack, "account " + a.id() + " (");
    assertEquals(1, slackFiring.size(), slack.accepted().toString());
    assertTrue(
        slackFiring.get(0).body().startsWith("{\"text\":\"[FIRING] "), slackFiring.get(0).body());

    accounts.clearError(a.id());
    evaluate();
    evaluate();
    List<Notice> both = about(generic, condition);
    assertEquals(2, both.size(), "one firing, one recovery");
    assertTrue(both.get(1).body().contains("\"state\":\"resolved\""));
    assertEquals(2, about(slack, "account " + a.id() + " (").size());
    JsonNode status = tree(admin().get("/admin/alerts").body());
    assertTrue(status.get("deliveries").size() >= 4);
  }

  @Test
  void budgetCrossings_areToldOffTheRequestPath_andRetriedUntilTheReceiverTakesThem()
      throws Exception {
    hook("generic", budgets);
    budgets.answer(503);
    String secretKey = "sk-ant-api-alert-budget-" + UUID.randomUUID().toString().substring(0, 8);
    String key =
        pools().key(Platform.ANTHROPIC, 50, pools().account(Platform.ANTHROPIC, secretKey, 1, 50));
    upstream.fault(secretKey, Fault.status(200, -1).withBody(BudgetsTest.ANSWER));
    HttpResponse<String> set =
        admin()
            .send(
                "PUT",
                "/admin/api-keys/" + pools().keyId(key) + "/limits",
                "{\"budgets\":{\"day\":0.15}}");
    assertEquals(200, set.statusCode(), set.body());
    Sse.send(server.getURI(), "/v1/messages", key, BudgetsTest.REQUEST); // warms the key's caches

    int mark = repositoryCalls.mark();
    HttpResponse<String> second =
        Sse.send(server.getURI(), "/v1/messages", key, BudgetsTest.REQUEST);
    HttpResponse<String> third =
        Sse.send(server.getURI(), "/v1/messages", key, BudgetsTest.REQUEST);
    assertEquals(200, second.statusCode(), second.body());
    assertEquals(429, third.statusCode(), "the day's budget is spent");
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> budgets.attempts() >= 2); // the receiver refused both crossings once
    assertTrue(
        repositoryCalls.onRequestPath(mark).stream().noneMatch(c -> c.contains("AlertStore")),
        "no request thread touched the alert store: " + repositoryCalls.onRequestPath(mark));

    budgets.answer(204);
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(500))
        .until(
            () -> {
              admin().post("/admin/alerts/evaluate", "");
              return about(budgets, "\"budget.crossed\"").size() >= 2;
            });
    List<Notice> crossed = about(budgets, "\"budget.crossed\"");
    assertEquals(2, crossed.size(), "80 % and 100 %, once each");
    assertTrue(crossed.stream().anyMatch(x -> x.body().contains("is 80 % spent")));
    assertTrue(crossed.stream().anyMatch(x -> x.body().contains("is 100 % spent")));
    JsonNode deliveries = tree(admin().get("/admin/alerts").body()).get("deliveries");
    boolean retried = false;
    for (JsonNode d : deliveries.values()) {
      if (d.get("kind").getStringValue().equals("budget.crossed")) {
        retried |= d.get("attempts").getIntValue() >= 2;
        assertNull(d.get("last_error").isNull() ? null : d.get("last_error"));
      }
    }
    assertTrue(retried, "taken on a retry: " + deliveries);
  }
}
