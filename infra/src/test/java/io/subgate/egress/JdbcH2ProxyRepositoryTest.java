package io.subgate.egress;

import io.subgate.adapter.jdbc.JdbcProxyRepository;
import io.subgate.testing.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.TestInstance;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JdbcH2ProxyRepositoryTest extends ProxyRepositoryContract {
  private final TestDatabase db = TestDatabase.h2();

  @AfterAll
  void stop() {
    db.close();
  }

  @Override
  protected ProxyRepository proxies() {
    return db.bean(JdbcProxyRepository.class);
  }
}
