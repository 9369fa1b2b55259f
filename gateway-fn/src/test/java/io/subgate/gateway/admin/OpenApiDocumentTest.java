package io.subgate.gateway.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.http.HttpMethod;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import io.micronaut.web.router.Router;
import io.micronaut.web.router.UriRouteInfo;
import io.subgate.gateway.GatewayTestProperties;
import io.subgate.gateway.Http;
import jakarta.inject.Inject;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * {@code /admin/openapi.yml} is an OpenAPI 3 document behind the admin token, and it describes
 * every admin route the running gateway has (method and path), no fewer.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OpenApiDocumentTest implements TestPropertyProvider {
  @Inject EmbeddedServer server;
  @Inject Router router;

  @Override
  public Map<String, String> getProperties() {
    return GatewayTestProperties.embedded();
  }

  /** path → methods, from the document's {@code paths:} section. */
  private static Map<String, Set<String>> documented(String yaml) {
    Map<String, Set<String>> out = new HashMap<>();
    String current = null;
    for (String line : yaml.split("\n")) {
      if (line.startsWith("  /") && line.endsWith(":")) {
        current = line.substring(2, line.length() - 1);
        out.put(current, new TreeSet<>());
      } else if (current != null && line.matches("    (get|post|put|patch|delete):")) {
        out.computeIfAbsent(current, k -> new TreeSet<>()).add(line.trim().replace(":", ""));
      } else if (!line.startsWith(" ") && !line.isEmpty()) {
        current = null;
      }
    }
    return out;
  }

  @Test
  void theDocument_coversEveryAdminRoute_andNeedsTheAdminToken() {
    HttpResponse<String> anonymous = new Http(server.getURI(), null).get("/admin/openapi.yml");
    HttpResponse<String> r =
        new Http(server.getURI(), GatewayTestProperties.ADMIN_TOKEN).get("/admin/openapi.yml");

    assertEquals(401, anonymous.statusCode());
    assertEquals(200, r.statusCode(), r.body());
    assertTrue(r.body().startsWith("openapi: 3."), r.body().substring(0, 40));
    Map<String, Set<String>> doc = documented(r.body());
    List<String> missing = new ArrayList<>();
    for (UriRouteInfo<?, ?> route : router.uriRoutes().toList()) {
      String path = route.getUriMatchTemplate().toPathString();
      if (!path.startsWith("/admin") || path.equals("/admin/openapi.yml")) {
        continue;
      }
      String method = route.getHttpMethod().name().toLowerCase(Locale.ROOT);
      if (route.getHttpMethod() == HttpMethod.HEAD || route.getHttpMethod() == HttpMethod.OPTIONS) {
        continue;
      }
      if (!doc.getOrDefault(path, Set.of()).contains(method)) {
        missing.add(method + " " + path);
      }
    }
    assertEquals(List.of(), missing, "admin routes the document does not describe");
    assertTrue(doc.size() > 25, "documented paths: " + doc.keySet());
  }
}
