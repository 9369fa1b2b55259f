package io.subgate.alert;

import io.subgate.adapter.jdbc.JdbcAlertStore;
import io.subgate.testing.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.TestInstance;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JdbcPostgresAlertStoreTest extends AlertStoreContract {
  private final TestDatabase db = TestDatabase.postgres();

  @AfterAll
  void stop() {
    db.close();
  }

  @Override
  protected AlertStore store() {
    return db.bean(JdbcAlertStore.class);
  }
}
