package io.subgate.gateway.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.subgate.account.Platform;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/**
 * The request threads are bounded ({@code subgate.proxy.max-in-flight}): a request beyond the bound
 * gets a 503 in its protocol's shape with {@code Retry-After} at once, and the gateway serves again
 * as soon as a request ends.
 */
@MicronautTest(transactional = false)
class InFlightBoundTest extends UpstreamTestBase {

  @Override
  protected void configure(Map<String, String> p) {
    p.put("subgate.proxy.max-in-flight", "2");
  }

  @Test
  void beyondTheBound_a503AtOnce_andServedAgainAfter() throws Exception {
    String key =
        pools().key(Platform.ANTHROPIC, 10, pools().account(Platform.ANTHROPIC, "sk-bound", 1, 10));
    CountDownLatch hold = new CountDownLatch(1);
    upstream.holdAfterFirstEvent(hold);
    List<HttpResponse<InputStream>> held = new ArrayList<>();
    try {
      for (int i = 0; i < 2; i++) {
        HttpResponse<InputStream> s =
            Sse.open(
                server.getURI(),
                "/v1/messages",
                key,
                RequestPathTest.body(RequestPathTest.MESSAGES, true));
        assertTrue(new Sse.EventReader(s.body()).next() != null);
        held.add(s);
      }

      long start = System.nanoTime();
      HttpResponse<String> refused =
          Sse.send(
              server.getURI(),
              "/v1/messages",
              key,
              RequestPathTest.body(RequestPathTest.MESSAGES, false));
      long ms = (System.nanoTime() - start) / 1_000_000;

      assertEquals(503, refused.statusCode(), refused.body());
      assertTrue(refused.body().contains("\"overloaded_error\""), refused.body());
      assertEquals("1", refused.headers().firstValue("retry-after").orElse(""));
      assertTrue(ms < 2_000, "answered at once: " + ms + " ms");
    } finally {
      hold.countDown();
      upstream.holdAfterFirstEvent(new CountDownLatch(0));
    }
    for (HttpResponse<InputStream> s : held) {
      s.body().readAllBytes();
    }
    HttpResponse<String> after =
        Sse.send(
            server.getURI(),
            "/v1/messages",
            key,
            RequestPathTest.body(RequestPathTest.MESSAGES, false));
    assertEquals(200, after.statusCode(), after.body());
  }
}
