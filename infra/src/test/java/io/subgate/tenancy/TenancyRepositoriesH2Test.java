package io.subgate.tenancy;

import io.micronaut.context.ApplicationContext;
import io.subgate.testing.TestServices;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TenancyRepositoriesH2Test extends TenancyRepositoriesContract {
  private ApplicationContext context;

  @BeforeAll
  void start() {
    context = TestServices.context(TestServices.freshH2Url(), Map.of());
  }

  @AfterAll
  void stop() {
    context.close();
  }

  @Override
  protected ApplicationContext context() {
    return context;
  }
}
