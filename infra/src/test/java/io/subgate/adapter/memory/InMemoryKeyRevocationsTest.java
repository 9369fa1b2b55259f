package io.subgate.adapter.memory;

import io.subgate.tenancy.KeyRevocations;
import io.subgate.tenancy.KeyRevocationsContract;

class InMemoryKeyRevocationsTest extends KeyRevocationsContract {
  private final InMemoryKeyRevocations one = new InMemoryKeyRevocations();

  @Override
  protected KeyRevocations announcer() {
    return one;
  }

  @Override
  protected KeyRevocations listener() {
    return one;
  }
}
