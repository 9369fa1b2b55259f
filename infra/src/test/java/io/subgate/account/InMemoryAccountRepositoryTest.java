package io.subgate.account;

import io.subgate.testing.InMemoryAccountRepository;
import java.time.Clock;
import java.time.ZoneOffset;

class InMemoryAccountRepositoryTest extends AccountRepositoryContract {
  private final AccountRepository repository =
      new InMemoryAccountRepository(Clock.fixed(NOW, ZoneOffset.UTC));

  @Override
  protected AccountRepository repository() {
    return repository;
  }
}
