package io.subgate.testing;

import io.micronaut.context.ApplicationContext;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * Where the real services of the test suite live, and fresh isolated databases on them. Services
 * missing is a failure, never a skip: {@code scripts/test-services.sh} starts them.
 */
public final class TestServices {
  public static final String PG_URL =
      env("SUBGATE_TEST_PG_URL", "jdbc:postgresql://127.0.0.1:5432/subgate_test");
  public static final String PG_USER = env("SUBGATE_TEST_PG_USER", "subgate");
  public static final String PG_PASSWORD = env("SUBGATE_TEST_PG_PASSWORD", "subgate");
  public static final String REDIS_URI = env("SUBGATE_TEST_REDIS_URI", "redis://127.0.0.1:6379");

  /** A fixed AES-256 key (base64) for tests; production keys come from configuration. */
  public static final String TEST_KEY = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";

  private TestServices() {}

  private static String env(String name, String fallback) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? fallback : value;
  }

  /** A new empty schema on the test PostgreSQL; the returned JDBC URL selects it. */
  public static String freshPostgresSchema() {
    String schema = "t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    try (Connection c = DriverManager.getConnection(PG_URL, PG_USER, PG_PASSWORD);
        Statement s = c.createStatement()) {
      s.execute("CREATE SCHEMA " + schema);
    } catch (SQLException e) {
      throw new IllegalStateException(
          "PostgreSQL at " + PG_URL + " is not reachable; run scripts/test-services.sh", e);
    }
    return PG_URL + (PG_URL.contains("?") ? "&" : "?") + "currentSchema=" + schema;
  }

  /** Drops a schema made by {@link #freshPostgresSchema()}. */
  public static void dropPostgresSchema(String url) {
    String schema = url.substring(url.indexOf("currentSchema=") + "currentSchema=".length());
    try (Connection c = DriverManager.getConnection(PG_URL, PG_USER, PG_PASSWORD);
        Statement s = c.createStatement()) {
      s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    } catch (SQLException e) {
      throw new IllegalStateException("cannot drop test schema " + schema, e);
    }
  }

  /** A new in-memory H2 database in PostgreSQL mode, as the local run uses (but not on disk). */
  public static String freshH2Url() {
    return "jdbc:h2:mem:"
        + UUID.randomUUID()
        + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1";
  }

  /** Properties selecting a database; {@code url} from one of the fresh* methods. */
  public static Map<String, Object> databaseProperties(String url) {
    Map<String, Object> p = new HashMap<>();
    p.put("datasources.default.url", url);
    boolean h2 = url.startsWith("jdbc:h2:");
    p.put("datasources.default.driver-class-name", h2 ? "org.h2.Driver" : "org.postgresql.Driver");
    p.put("datasources.default.username", h2 ? "sa" : PG_USER);
    p.put("datasources.default.password", h2 ? "" : PG_PASSWORD);
    p.put("subgate.crypto.key", TEST_KEY);
    return p;
  }

  /** A Redis key namespace unique to one test context. */
  public static String freshRedisNamespace() {
    return "test-" + UUID.randomUUID().toString().substring(0, 8).toLowerCase(Locale.ROOT);
  }

  /** Properties selecting the test Redis with its own key namespace. */
  public static Map<String, Object> redis(String namespace) {
    return Map.of("redis.uri", REDIS_URI, "subgate.redis.namespace", namespace);
  }

  /** An H2-backed infra context on the test Redis with a fresh namespace. */
  public static TestDatabase withRedis() {
    return TestDatabase.h2(redis(freshRedisNamespace()));
  }

  /** An infra context on {@code url} in the {@code test} environment. */
  public static ApplicationContext context(String url, Map<String, Object> extra) {
    Map<String, Object> p = databaseProperties(url);
    p.putAll(extra);
    return ApplicationContext.run(p, "test");
  }
}
