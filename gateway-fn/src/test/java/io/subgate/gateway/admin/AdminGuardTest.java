package io.subgate.gateway.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import io.subgate.gateway.GatewayTestProperties;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The admin token guards {@code /metrics} and every admin route however the path is written: a
 * trailing or doubled slash, another case, a dot segment, an escaped letter. Each form is sent as
 * written (no client-side normalisation) to the running gateway.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AdminGuardTest implements TestPropertyProvider {
  private static final HttpClient CLIENT =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  static final List<String> FORMS =
      List.of(
          "/metrics",
          "/metrics/",
          "/metrics//",
          "/METRICS",
          "/Metrics/",
          "//metrics",
          "/./metrics",
          "/%6detrics",
          "/metrics.txt",
          "/health/../metrics",
          "/admin/accounts",
          "/admin/accounts/",
          "/ADMIN/accounts",
          "/Admin/Accounts/",
          "/admin//accounts",
          "//admin/accounts",
          "/%61dmin/accounts",
          "/admin/openapi.yml/",
          "/admin/usage/");

  @Inject EmbeddedServer server;

  @Override
  public Map<String, String> getProperties() {
    Map<String, String> p = GatewayTestProperties.embedded();
    // Every form is a failed attempt from loopback; the budget has a test of its own.
    p.put("subgate.admin.failed-attempts-per-minute", "1000");
    return p;
  }

  private HttpResponse<String> get(String path, String... headers) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.getPort() + path))
            .timeout(Duration.ofSeconds(10));
    for (int i = 0; i + 1 < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return CLIENT.send(b.GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void everyFormOfAGuardedPath_is401WithoutTheToken() throws Exception {
    for (String form : FORMS) {
      HttpResponse<String> r = get(form);
      assertEquals(401, r.statusCode(), form + " answered " + r.body());
      assertFalse(r.body().contains("subgate_"), form + " leaked the exposition");
      HttpResponse<String> wrong = get(form, "Authorization", "Bearer not-the-token");
      assertEquals(401, wrong.statusCode(), form + " with a wrong token");
    }
  }

  @Test
  void theRouterServesTheTrailingSlash_soTheGuardIsWhatStandsInTheWay() throws Exception {
    HttpResponse<String> r =
        get("/metrics/", "Authorization", "Bearer " + GatewayTestProperties.ADMIN_TOKEN);
    assertEquals(200, r.statusCode(), r.body());
    assertTrue(r.body().contains("# TYPE"), "the exposition, with the token");
  }

  @Test
  void openRoutes_stayOpen() throws Exception {
    assertEquals(200, get("/health").statusCode());
    assertEquals(200, get("/health/").statusCode());
  }

  @Test
  void theGuardReadsPathsAsARouterMight() {
    for (String form : FORMS) {
      assertTrue(AdminAuthFilter.guarded(form), form);
    }
    assertTrue(AdminAuthFilter.guarded("\\admin\\accounts"));
    assertTrue(AdminAuthFilter.guarded("/v1/../admin/accounts"));
    assertTrue(AdminAuthFilter.guarded("/%zz"), "a broken escape is refused, not guessed at");
    for (String open :
        List.of("/health", "/v1/messages", "/v1beta/models/gemini-2.5-pro:generateContent", "/")) {
      assertFalse(AdminAuthFilter.guarded(open), open);
    }
  }
}
