package io.subgate.gateway;

import io.subgate.testing.TestServices;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** Configuration of a gateway under test: fresh H2 database, fixed admin token, temp data dir. */
public final class GatewayTestProperties {
  public static final String ADMIN_TOKEN = "test-admin-token-0123456789";

  private GatewayTestProperties() {}

  public static Map<String, String> embedded() {
    Map<String, String> p = new HashMap<>();
    TestServices.databaseProperties(TestServices.freshH2Url())
        .forEach((k, v) -> p.put(k, String.valueOf(v)));
    p.put("subgate.admin.token", ADMIN_TOKEN);
    try {
      p.put("subgate.data-dir", Files.createTempDirectory("subgate-test").toString());
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
    return p;
  }

  /** PostgreSQL (a fresh schema) and Redis (a fresh namespace), as in production. */
  public static Map<String, String> sharedServices() {
    Map<String, String> p = embedded();
    TestServices.databaseProperties(TestServices.freshPostgresSchema())
        .forEach((k, v) -> p.put(k, String.valueOf(v)));
    TestServices.redis(TestServices.freshRedisNamespace())
        .forEach((k, v) -> p.put(k, String.valueOf(v)));
    return p;
  }

  public static Path dataDir(Map<String, String> properties) {
    return Path.of(properties.get("subgate.data-dir"));
  }
}
