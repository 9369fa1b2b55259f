package io.subgate.tenancy;

import io.micronaut.context.ApplicationContext;
import io.subgate.testing.TestServices;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TenancyRepositoriesPostgresTest extends TenancyRepositoriesContract {
  private String url = "";
  private ApplicationContext context;

  @BeforeAll
  void start() {
    url = TestServices.freshPostgresSchema();
    context = TestServices.context(url, Map.of());
  }

  @AfterAll
  void stop() {
    context.close();
    TestServices.dropPostgresSchema(url);
  }

  @Override
  protected ApplicationContext context() {
    return context;
  }
}
