package io.subgate.adapter.jdbc;

import io.micronaut.context.ApplicationContext;
import io.subgate.account.AccountRepository;
import io.subgate.account.AccountRepositoryContract;
import io.subgate.testing.TestServices;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JdbcAccountRepositoryH2Test extends AccountRepositoryContract {
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
  protected AccountRepository repository() {
    return context.getBean(AccountRepository.class);
  }
}
