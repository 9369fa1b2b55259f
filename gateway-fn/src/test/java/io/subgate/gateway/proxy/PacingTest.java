package io.subgate.gateway.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.json.tree.JsonNode;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.subgate.account.Account;
import io.subgate.account.Platform;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Pacing per account, set through the admin API: an account at its requests-per-minute or session
 * cap is passed over like a busy one, so another account serves and no client sees an error; an
 * account whose subscription has ended pauses itself.
 */
@MicronautTest(transactional = false)
class PacingTest extends UpstreamTestBase {
  private static final String BODY = String.format(RequestPathTest.MESSAGES, "");

  private static String secret() {
    return "sk-ant-api-pace-" + UUID.randomUUID().toString().substring(0, 8);
  }

  /** A group of two accounts, the first preferred, and a key of it. */
  private record Pair(String firstSecret, String spareSecret, Account first, String key) {}

  private Pair pair() {
    String firstSecret = secret();
    String spareSecret = secret();
    Account first = pools().account(Platform.ANTHROPIC, firstSecret, 0, 4);
    Account second = pools().account(Platform.ANTHROPIC, spareSecret, 1, 4);
    return new Pair(
        firstSecret, spareSecret, first, pools().key(Platform.ANTHROPIC, 8, first, second));
  }

  private JsonNode patch(Account account, String fields) {
    return patchAccount(account, fields);
  }

  private HttpResponse<String> send(String key, String... headers) throws Exception {
    return Sse.send(server.getURI(), "/v1/messages", key, BODY, headers);
  }

  @Test
  void a60RpmAccount_serves60OfA120RequestMinute_andTheOtherServesTheRest() throws Exception {
    Pair pair = pair();
    String capped = pair.firstSecret();
    String spare = pair.spareSecret();
    Account first = pair.first();
    String key = pair.key();
    JsonNode view = patch(first, "\"rpm_limit\":60");
    assertEquals(60, view.get("rpm_limit").getIntValue());

    for (int i = 0; i < 120; i++) {
      HttpResponse<String> r = send(key);
      assertEquals(200, r.statusCode(), "request " + i + ": " + r.body());
    }
    assertEquals(60, upstream.callsWith(capped), "the capped account, to its cap");
    assertEquals(60, upstream.callsWith(spare), "the other, the rest");
  }

  @Test
  void aPoolWhoseEveryAccountIsAtItsPace_answers429WithRetryAfter_andCallsNoOne() throws Exception {
    String only = secret();
    Account a = pools().account(Platform.ANTHROPIC, only, 0, 4);
    String key = pools().key(Platform.ANTHROPIC, 8, a);
    patch(a, "\"rpm_limit\":1");
    assertEquals(200, send(key).statusCode());
    HttpResponse<String> paced = send(key);
    assertEquals(429, paced.statusCode(), paced.body());
    assertTrue(paced.body().contains("rate_limit_error"), paced.body());
    long retry = Long.parseLong(paced.headers().firstValue("retry-after").orElseThrow());
    assertTrue(retry >= 1 && retry <= 60, "retry after " + retry);
    assertEquals(1, upstream.callsWith(only));
  }

  @Test
  void aSessionCapOf3_movesTheFourthNewSessionElsewhere() throws Exception {
    Pair pair = pair();
    String capped = pair.firstSecret();
    String spare = pair.spareSecret();
    Account first = pair.first();
    String key = pair.key();
    patch(first, "\"session_limit\":3,\"session_idle_seconds\":600");

    for (int s = 1; s <= 4; s++) {
      for (int turn = 0; turn < 2; turn++) {
        assertEquals(200, send(key, "x-claude-code-session-id", "sess-" + s).statusCode());
      }
    }
    assertEquals(6, upstream.callsWith(capped), "three sessions, two turns each");
    assertEquals(2, upstream.callsWith(spare), "the fourth session, both turns");
    assertEquals(200, send(key, "x-claude-code-session-id", "sess-1").statusCode());
    assertEquals(7, upstream.callsWith(capped), "a session it serves keeps its place");
  }

  @Test
  void anAccountPastItsSubscriptionsEnd_pausesItself() throws Exception {
    Pair pair = pair();
    String ended = pair.firstSecret();
    String spare = pair.spareSecret();
    Account first = pair.first();
    String key = pair.key();
    JsonNode view = patch(first, "\"ends_at\":\"" + Instant.now().minusSeconds(1) + "\"");
    assertTrue(view.get("ended").getBooleanValue());
    assertEquals(false, view.get("schedulable_now").getBooleanValue());

    assertEquals(200, send(key).statusCode());
    assertEquals(0, upstream.callsWith(ended));
    assertEquals(1, upstream.callsWith(spare));

    JsonNode reopened = patch(first, "\"ends_at\":null");
    assertEquals(false, reopened.get("ended").getBooleanValue());
    assertEquals(true, reopened.get("schedulable_now").getBooleanValue());
  }

  @Test
  void badPacingFieldsAreRefusedByName() {
    Account a = pools().account(Platform.ANTHROPIC, secret(), 0, 4);
    long version =
        tree(admin().get("/admin/accounts/" + a.id()).body()).get("version").getLongValue();
    for (String bad :
        new String[] {
          "\"rpm_limit\":-1", "\"session_idle_seconds\":0", "\"ends_at\":\"tomorrow\""
        }) {
      HttpResponse<String> r =
          admin()
              .send(
                  "PATCH",
                  "/admin/accounts/" + a.id(),
                  "{\"version\":" + version + "," + bad + "}");
      assertEquals(400, r.statusCode(), bad);
      String field = bad.substring(1, bad.indexOf('"', 1));
      assertTrue(r.body().contains(field), r.body());
    }
  }
}
