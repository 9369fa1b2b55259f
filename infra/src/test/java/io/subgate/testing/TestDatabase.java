package io.subgate.testing;

import io.micronaut.context.ApplicationContext;
import java.util.Map;

/**
 * An infra application context on a fresh database: a new schema on the test PostgreSQL or a new
 * in-memory H2 database. Closing it closes the context and drops the PostgreSQL schema.
 */
public final class TestDatabase implements AutoCloseable {
  private final String url;
  private final ApplicationContext context;

  private TestDatabase(String url, Map<String, Object> extra) {
    this.url = url;
    this.context = TestServices.context(url, extra);
  }

  public static TestDatabase postgres(Map<String, Object> extra) {
    return new TestDatabase(TestServices.freshPostgresSchema(), extra);
  }

  public static TestDatabase postgres() {
    return postgres(Map.of());
  }

  public static TestDatabase h2(Map<String, Object> extra) {
    return new TestDatabase(TestServices.freshH2Url(), extra);
  }

  public static TestDatabase h2() {
    return h2(Map.of());
  }

  public ApplicationContext context() {
    return context;
  }

  public <T> T bean(Class<T> type) {
    return context.getBean(type);
  }

  public String url() {
    return url;
  }

  @Override
  public void close() {
    context.close();
    if (!url.startsWith("jdbc:h2:")) {
      TestServices.dropPostgresSchema(url);
    }
  }
}
