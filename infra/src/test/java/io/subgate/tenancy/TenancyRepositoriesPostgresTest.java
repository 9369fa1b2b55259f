package io.subgate.tenancy;

import io.micronaut.context.ApplicationContext;
import io.subgate.testing.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.TestInstance;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TenancyRepositoriesPostgresTest extends TenancyRepositoriesContract {
  private final TestDatabase db = TestDatabase.postgres();

  @AfterAll
  void stop() {
    db.close();
  }

  @Override
  protected ApplicationContext context() {
    return db.context();
  }
}
