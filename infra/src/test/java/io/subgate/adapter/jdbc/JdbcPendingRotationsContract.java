package io.subgate.adapter.jdbc;

import io.subgate.account.AccountRepository;
import io.subgate.account.AccountType;
import io.subgate.account.NewAccount;
import io.subgate.account.Platform;
import io.subgate.account.StaticKeyCredentials;
import io.subgate.testing.TestDatabase;
import io.subgate.token.PendingRotations;
import io.subgate.token.PendingRotationsContract;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.TestInstance;

/** The pending-rotations contract on a real database; subclasses choose which. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class JdbcPendingRotationsContract extends PendingRotationsContract {
  private final TestDatabase db;

  JdbcPendingRotationsContract(TestDatabase db) {
    this.db = db;
  }

  @AfterAll
  void stop() {
    db.close();
  }

  @Override
  protected PendingRotations rotations() {
    return db.bean(PendingRotations.class);
  }

  @Override
  protected long accountId() {
    return db.bean(AccountRepository.class)
        .create(
            new NewAccount(
                "p-" + UUID.randomUUID(),
                Platform.ANTHROPIC,
                AccountType.OAUTH,
                1,
                1,
                new StaticKeyCredentials("unused", null)))
        .id();
  }
}
