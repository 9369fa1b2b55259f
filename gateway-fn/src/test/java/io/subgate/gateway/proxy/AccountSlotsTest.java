package io.subgate.gateway.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.json.tree.JsonNode;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.subgate.account.Account;
import io.subgate.account.Platform;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /admin/accounts/slots}: the slots a running stream holds on its account, as every
 * process sees them (the Redis gate), and given back when it ends; bad ids are a 400 naming them.
 */
@MicronautTest(transactional = false)
class AccountSlotsTest extends UpstreamTestBase {

  private JsonNode slotsOf(Account busy, Account idle) {
    HttpResponse<String> r =
        admin().get("/admin/accounts/slots?ids=" + busy.id() + "," + idle.id());
    assertEquals(200, r.statusCode(), r.body());
    return tree(r.body()).get("slots");
  }

  @Test
  void aRunningStreamShowsInItsAccountsSlots_andLeavesThemWhenItEnds() throws Exception {
    Account busy = pools().account(Platform.ANTHROPIC, "sk-slots-" + UUID.randomUUID(), 1, 3);
    Account idle = pools().account(Platform.ANTHROPIC, "sk-idle-" + UUID.randomUUID(), 1, 3);
    String key = pools().key(Platform.ANTHROPIC, 5, busy);
    CountDownLatch hold = new CountDownLatch(1);
    upstream.holdAfterFirstEvent(hold);
    JsonNode during;
    HttpResponse<InputStream> stream;
    try {
      stream =
          Sse.open(
              server.getURI(),
              "/v1/messages",
              key,
              RequestPathTest.body(RequestPathTest.MESSAGES, true));
      assertTrue(new Sse.EventReader(stream.body()).next() != null, "the stream holds its slot");
      during = slotsOf(busy, idle);
    } finally {
      hold.countDown();
      upstream.holdAfterFirstEvent(new CountDownLatch(0));
    }
    stream.body().readAllBytes();
    JsonNode after = slotsOf(busy, idle);
    for (int i = 0;
        i < 50 && after.get(Long.toString(busy.id())).get("in_use").getIntValue() > 0;
        i++) {
      Thread.sleep(100);
      after = slotsOf(busy, idle);
    }

    assertEquals(1, during.get(Long.toString(busy.id())).get("in_use").getIntValue());
    assertEquals(0, during.get(Long.toString(idle.id())).get("in_use").getIntValue());
    assertEquals(0, during.get(Long.toString(busy.id())).get("waiting").getIntValue());
    assertEquals(0, after.get(Long.toString(busy.id())).get("in_use").getIntValue());
  }

  @Test
  void idsThatAreNotIds_areA400NamingThem() {
    HttpResponse<String> r = admin().get("/admin/accounts/slots?ids=1,two");
    HttpResponse<String> none = admin().get("/admin/accounts/slots");

    assertEquals(400, r.statusCode(), r.body());
    assertEquals("ids", tree(r.body()).get("error").get("field").getStringValue());
    assertEquals(400, none.statusCode(), none.body());
  }
}
