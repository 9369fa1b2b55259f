package io.subgate.tenancy;

import io.subgate.testing.InMemoryLimitRepository;

class InMemoryLimitRepositoryTest extends LimitRepositoryContract {
  private final LimitRepository limits = new InMemoryLimitRepository();

  @Override
  protected LimitRepository limits() {
    return limits;
  }
}
