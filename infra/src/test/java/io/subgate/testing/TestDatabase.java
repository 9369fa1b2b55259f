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
  private final boolean owner;

  private TestDatabase(String url, Map<String, Object> extra) {
    this(url, extra, true);
  }

  private TestDatabase(String url, Map<String, Object> extra, boolean owner) {
    this.url = url;
    this.context = TestServices.context(url, extra);
    this.owner = owner;
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

  /** A second context ("another process") on the same database; it never drops the schema. */
  public TestDatabase sibling(Map<String, Object> extra) {
    return new TestDatabase(url, extra, false);
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
    if (owner && !url.startsWith("jdbc:h2:")) {
      TestServices.dropPostgresSchema(url);
    }
  }
}
