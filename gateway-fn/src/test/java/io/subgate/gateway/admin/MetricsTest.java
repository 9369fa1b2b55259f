package io.subgate.gateway.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import io.subgate.gateway.GatewayTestProperties;
import io.subgate.gateway.Http;
import jakarta.inject.Inject;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * {@code /metrics} is Prometheus' text format 0.0.4, line by line as its parser reads it, behind
 * the admin token, and carries the request-path meters once requests have run.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MetricsTest implements TestPropertyProvider {
  private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
  private static final Pattern HELP = Pattern.compile("# HELP " + NAME + " .*");
  private static final Pattern TYPE =
      Pattern.compile("# TYPE " + NAME + " (counter|gauge|histogram|summary|untyped)");
  private static final Pattern SAMPLE =
      Pattern.compile(
          NAME
              + "(\\{("
              + "[a-zA-Z_][a-zA-Z0-9_]*=\"(\\\\.|[^\"\\\\])*\""
              + ")(,[a-zA-Z_][a-zA-Z0-9_]*=\"(\\\\.|[^\"\\\\])*\")*,?\\})?"
              + " (NaN|[+-]Inf|[-+]?[0-9.]+([eE][-+]?[0-9]+)?)( [0-9]+)?");

  @Inject EmbeddedServer server;

  @Override
  public Map<String, String> getProperties() {
    return GatewayTestProperties.embedded();
  }

  @Test
  void metrics_areReadableByPrometheus_andNeedTheAdminToken() {
    Http anonymous = new Http(server.getURI(), null);
    Http admin = new Http(server.getURI(), GatewayTestProperties.ADMIN_TOKEN);
    // A request the gateway answers itself (no key), so the request meter exists.
    anonymous.post("/v1/messages", "{\"model\":\"m\"}");

    HttpResponse<String> refused = anonymous.get("/metrics");
    HttpResponse<String> scraped = admin.get("/metrics");

    assertEquals(401, refused.statusCode());
    assertEquals(200, scraped.statusCode());
    assertTrue(
        scraped.headers().firstValue("content-type").orElse("").startsWith("text/plain"),
        scraped.headers().toString());
    List<String> bad = new ArrayList<>();
    for (String line : scraped.body().split("\n")) {
      boolean ok =
          line.isEmpty()
              || HELP.matcher(line).matches()
              || TYPE.matcher(line).matches()
              || SAMPLE.matcher(line).matches();
      if (!ok) {
        bad.add(line);
      }
    }
    assertEquals(List.of(), bad, "lines Prometheus' text parser would refuse");
    assertTrue(
        scraped
            .body()
            .contains(
                "subgate_requests_total{account=\"none\",platform=\"none\",route=\"messages\","
                    + "status=\"401\"}"),
        scraped.body());
    assertTrue(scraped.body().contains("# TYPE subgate_proxy_account_switches_total counter"));
    assertTrue(scraped.body().contains("subgate_token_cache_total{result=\"hit\"}"));
  }
}
