package io.subgate.gateway.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.json.tree.JsonNode;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.subgate.account.Account;
import io.subgate.account.Platform;
import io.subgate.testing.StubLlmUpstream.Fault;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The operator's rules for upstream failures, end to end: each action on a failure the built-in
 * taxonomy would have failed over, and no rule for an error the request caused.
 */
@MicronautTest(transactional = false)
class RulesTest extends UpstreamTestBase {
  private static final String BODY = String.format(RequestPathTest.MESSAGES, "");

  /** Two accounts in a group, the first preferred; their secrets and a key. */
  private record Pair(Account first, String firstSecret, String spareSecret, String key) {}

  private Pair pair() {
    String first = "sk-ant-api-rule-" + UUID.randomUUID().toString().substring(0, 8);
    String spare = "sk-ant-api-rule-" + UUID.randomUUID().toString().substring(0, 8);
    Account a = pools().account(Platform.ANTHROPIC, first, 0, 4);
    Account b = pools().account(Platform.ANTHROPIC, spare, 1, 4);
    return new Pair(a, first, spare, pools().key(Platform.ANTHROPIC, 4, a, b));
  }

  private long rule(String fields) {
    HttpResponse<String> r = admin().post("/admin/rules", "{" + fields + "}");
    assertEquals(201, r.statusCode(), r.body());
    return tree(r.body()).get("id").getLongValue();
  }

  private void delete(long rule) {
    assertEquals(204, admin().send("DELETE", "/admin/rules/" + rule, "").statusCode());
  }

  private HttpResponse<String> send(String key) throws Exception {
    return Sse.send(server.getURI(), "/v1/messages", key, BODY);
  }

  private JsonNode account(Account a) {
    return tree(admin().get("/admin/accounts/" + a.id()).body());
  }

  private static String error(String type, String message) {
    return "{\"type\":\"error\",\"error\":{\"type\":\""
        + type
        + "\",\"message\":\""
        + message
        + "\"}}";
  }

  @Test
  void passThrough_givesTheClientTheUpstreamsAnswerUnchanged_whereFailoverWouldHaveMoved()
      throws Exception {
    long rule =
        rule(
            "\"platform\":\"anthropic\",\"status\":503,\"keyword\":\"MAINTENANCE\","
                + "\"action\":\"pass_through\",\"description\":\"planned window\"");
    try {
      Pair p = pair();
      String maintenance = error("overloaded_error", "scheduled maintenance until 10:00");
      upstream.fault(p.firstSecret(), Fault.status(503, 1).withBody(maintenance));
      HttpResponse<String> passed = send(p.key());
      assertEquals(503, passed.statusCode());
      assertEquals(maintenance, passed.body(), "unchanged");
      assertEquals(0, upstream.callsWith(p.spareSecret()), "no one else was tried");
      assertTrue(account(p.first()).get("schedulable_now").getBooleanValue(), "nothing parked");

      Pair q = pair();
      upstream.fault(
          q.firstSecret(), Fault.status(503, 1).withBody(error("overloaded_error", "busy")));
      assertEquals(200, send(q.key()).statusCode(), "without the keyword: the built-in failover");
      assertEquals(1, upstream.callsWith(q.spareSecret()));
    } finally {
      delete(rule);
    }
  }

  @Test
  void cooldown_parksTheAccountForTheRulesTime_withTheRuleAsReason() throws Exception {
    Pair p = pair();
    long rule =
        rule(
            "\"account_id\":"
                + p.first().id()
                + ",\"status\":500,\"action\":\"cooldown\","
                + "\"cooldown_seconds\":3600,\"description\":\"flaky region\"");
    try {
      upstream.fault(p.firstSecret(), Fault.status(500, 1).withBody(error("api_error", "boom")));
      assertEquals(200, send(p.key()).statusCode());
      assertEquals(1, upstream.callsWith(p.spareSecret()));
      JsonNode view = account(p.first());
      Instant until = Instant.parse(view.get("temp_unschedulable_until").getStringValue());
      assertTrue(until.isAfter(Instant.now().plusSeconds(3500)), "an hour, not 30 s: " + until);
      assertTrue(
          view.get("temp_unschedulable_reason")
              .getStringValue()
              .contains("rule " + rule + ": flaky"),
          view.toString());
    } finally {
      delete(rule);
    }
  }

  @Test
  void disable_takesTheAccountOutOfService_namingTheRule() throws Exception {
    long rule =
        rule(
            "\"status\":403,\"keyword\":\"suspended\",\"action\":\"disable\","
                + "\"description\":\"subscription suspended\"");
    try {
      Pair p = pair();
      upstream.fault(
          p.firstSecret(),
          Fault.status(403, 1).withBody(error("permission_error", "This account is suspended")));
      assertEquals(200, send(p.key()).statusCode());
      assertEquals(1, upstream.callsWith(p.spareSecret()));
      JsonNode view = account(p.first());
      assertEquals("error", view.get("status").getStringValue());
      assertTrue(
          view.get("error_message").getStringValue().contains("rule " + rule), view.toString());
    } finally {
      delete(rule);
    }
  }

  @Test
  void noRuleIsAppliedToAnErrorTheRequestCaused() throws Exception {
    long rule = rule("\"status\":400,\"action\":\"disable\"");
    try {
      Pair p = pair();
      String tooLong = error("invalid_request_error", "prompt is too long: 300000 tokens > 200000");
      upstream.fault(p.firstSecret(), Fault.status(400, 1).withBody(tooLong));
      HttpResponse<String> answer = send(p.key());
      assertEquals(400, answer.statusCode());
      assertEquals(0, upstream.callsWith(p.spareSecret()));
      assertEquals("active", account(p.first()).get("status").getStringValue());
    } finally {
      delete(rule);
    }
  }

  @Test
  void badRulesAreRefusedByField() {
    for (String[] bad :
        new String[][] {
          {"\"action\":\"cooldown\"", "status"},
          {"\"status\":500,\"action\":\"explode\"", "action"},
          {"\"status\":500,\"action\":\"cooldown\"", "cooldown_seconds"},
          {"\"status\":500,\"action\":\"disable\",\"platform\":\"nope\"", "platform"}
        }) {
      HttpResponse<String> r = admin().post("/admin/rules", "{" + bad[0] + "}");
      assertEquals(400, r.statusCode(), r.body());
      assertEquals(bad[1], tree(r.body()).get("error").get("field").getStringValue(), r.body());
    }
  }
}
