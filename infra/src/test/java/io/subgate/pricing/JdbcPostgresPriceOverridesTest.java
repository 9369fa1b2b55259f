package io.subgate.pricing;

import io.subgate.adapter.jdbc.JdbcPriceOverrides;
import io.subgate.testing.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.TestInstance;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JdbcPostgresPriceOverridesTest extends PriceOverridesContract {
  private final TestDatabase db = TestDatabase.postgres();

  @AfterAll
  void stop() {
    db.close();
  }

  @Override
  protected PriceOverrides overrides() {
    return db.bean(JdbcPriceOverrides.class);
  }
}
