package io.subgate.tenancy;

import io.subgate.adapter.jdbc.JdbcLimitRepository;
import io.subgate.testing.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.TestInstance;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JdbcPostgresLimitRepositoryTest extends LimitRepositoryContract {
  private final TestDatabase db = TestDatabase.postgres();

  @AfterAll
  void stop() {
    db.close();
  }

  @Override
  protected LimitRepository limits() {
    return db.bean(JdbcLimitRepository.class);
  }
}
