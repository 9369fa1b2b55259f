package io.subgate.adapter.memory;

import io.subgate.testing.InMemoryPendingRotations;
import io.subgate.token.PendingRotations;
import io.subgate.token.PendingRotationsContract;

class InMemoryPendingRotationsTest extends PendingRotationsContract {
  private final InMemoryPendingRotations rotations = new InMemoryPendingRotations();
  private long next = 1;

  @Override
  protected PendingRotations rotations() {
    return rotations;
  }

  @Override
  protected long accountId() {
    return next++;
  }
}
