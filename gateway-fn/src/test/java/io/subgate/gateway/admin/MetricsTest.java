package io.subgate.gateway.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import io.subgate.gateway.GatewayTestProperties;
import io.subgate.gateway.Http;
import jakarta.inject.Inject;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * {@code /metrics} is Prometheus' text format 0.0.4, line by line as its parser reads it and as
 * Prometheus' own {@code promtool check metrics} parses and lints it, behind the admin token, and
 * carries the request-path meters once requests have run.
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

  /**
   * Micrometer's own JVM binders' names, which Prometheus' linter dislikes and Subgate does not
   * rename (dashboards know them so).
   */
  private static final List<String> BINDER_NAMES =
      List.of(
          "process_cpu_time_ns_total metric names should not contain abbreviated units",
          "system_cpu_count non-histogram and non-summary metrics should not have \"_count\""
              + " suffix");

  /** What promtool said: whether it parsed the exposition, and each lint problem. */
  record Promtool(boolean parsed, List<String> problems) {}

  /**
   * Prometheus' own parser and linter: {@code promtool check metrics}, put at {@code .tools/} by
   * {@code scripts/test-services.sh}. Exit 0 is clean, 3 parsed with lint problems, 1 unparsable.
   */
  static Promtool promtool(String exposition) throws Exception {
    Path tool =
        Stream.of(Path.of("..", ".tools", "promtool"), Path.of(".tools", "promtool"))
            .filter(Files::isExecutable)
            .findFirst()
            .orElseThrow(
                () ->
                    new AssertionError(
                        "no .tools/promtool: scripts/test-services.sh (run by scripts/test.sh)"
                            + " puts it there"));
    Process p =
        new ProcessBuilder(tool.toString(), "check", "metrics").redirectErrorStream(true).start();
    try (var in = p.getOutputStream()) {
      in.write(exposition.getBytes(StandardCharsets.UTF_8));
    }
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    assertTrue(p.waitFor(30, TimeUnit.SECONDS), "promtool finished");
    List<String> problems = out.isEmpty() ? List.of() : List.of(out.split("\n"));
    return new Promtool(p.exitValue() == 0 || p.exitValue() == 3, problems);
  }

  @Test
  void promtool_refusesABrokenExposition() throws Exception {
    Promtool broken = promtool("# TYPE x counter\nx{a=\"1\" 2\n");
    Promtool unhelped = promtool("# TYPE x_total counter\nx_total 2\n");
    assertFalse(broken.parsed(), broken.problems().toString());
    assertTrue(unhelped.parsed());
    assertEquals(List.of("x_total no help text"), unhelped.problems());
  }

  @Test
  void metrics_areReadableByPrometheus_andNeedTheAdminToken() throws Exception {
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
    Promtool checked = promtool(scraped.body());
    assertTrue(checked.parsed(), "promtool could not parse /metrics: " + checked.problems());
    List<String> ours = new ArrayList<>(checked.problems());
    ours.removeAll(BINDER_NAMES);
    assertEquals(List.of(), ours, "promtool's lint of /metrics");
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
