package io.subgate.rules;

import io.subgate.adapter.jdbc.JdbcErrorRuleRepository;
import io.subgate.testing.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.TestInstance;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JdbcH2ErrorRuleRepositoryTest extends ErrorRuleRepositoryContract {
  private final TestDatabase db = TestDatabase.h2();

  @AfterAll
  void stop() {
    db.close();
  }

  @Override
  protected ErrorRuleRepository rules() {
    return db.bean(JdbcErrorRuleRepository.class);
  }
}
