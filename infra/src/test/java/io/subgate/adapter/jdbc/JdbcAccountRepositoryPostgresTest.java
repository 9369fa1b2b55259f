package io.subgate.adapter.jdbc;

import io.subgate.account.AccountRepository;
import io.subgate.account.AccountRepositoryContract;
import io.subgate.testing.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.TestInstance;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JdbcAccountRepositoryPostgresTest extends AccountRepositoryContract {
  private final TestDatabase db = TestDatabase.postgres();

  @AfterAll
  void stop() {
    db.close();
  }

  @Override
  protected AccountRepository repository() {
    return db.bean(AccountRepository.class);
  }
}
