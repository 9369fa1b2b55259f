package io.subgate.gateway.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.subgate.gateway.Http;
import java.net.URI;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/**
 * The dashboard is served the same on every deployment — Netty, the buffered Lambda handler and the
 * streaming function — with its policy, and its files need no token while the admin API does.
 */
@MicronautTest(transactional = false)
class DashboardEverywhereTest extends UpstreamTestBase {

  @Test
  void theDashboardIsServedOnNettyAndLambdaAlike() throws Exception {
    for (String base : gateways()) {
      Http anonymous = new Http(URI.create(base), null);
      HttpResponse<String> page = anonymous.get("/admin/ui/");
      assertEquals(200, page.statusCode(), base + ": " + page.body());
      assertTrue(page.body().contains("/admin/ui/assets/"), base);
      assertTrue(
          page.headers()
              .firstValue("content-security-policy")
              .orElse("")
              .contains("script-src 'self'"),
          base);
      assertEquals(401, anonymous.get("/admin/accounts").statusCode(), base);
    }
  }
}
