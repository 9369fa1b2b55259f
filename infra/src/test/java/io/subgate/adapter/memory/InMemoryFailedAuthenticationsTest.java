package io.subgate.adapter.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.subgate.tenancy.FailedAuthentications;
import io.subgate.tenancy.FailedAuthenticationsContract;
import org.junit.jupiter.api.Test;

class InMemoryFailedAuthenticationsTest extends FailedAuthenticationsContract {
  private final InMemoryFailedAuthentications counts = new InMemoryFailedAuthentications();

  @Override
  protected FailedAuthentications first() {
    return counts;
  }

  @Override
  protected FailedAuthentications second() {
    return counts;
  }

  @Test
  void aFullTable_forgetsEarlierWindowsFirst() {
    for (int i = 0; i < InMemoryFailedAuthentications.MAX_ENTRIES; i++) {
      counts.record("key", "10.0." + i, 1, 60);
    }
    counts.record("key", "kept", 2, 60);
    assertEquals(2, counts.record("key", "kept", 2, 60), "the newest window survives");
    assertEquals(1, counts.record("key", "10.0.5", 1, 60), "an earlier window was dropped");
    assertTrue(InMemoryFailedAuthentications.MAX_ENTRIES > 1000);
  }
}
