package io.subgate.alert;

import io.subgate.testing.InMemoryAlertStore;
import java.time.Clock;

class InMemoryAlertStoreTest extends AlertStoreContract {
  private final AlertStore store = new InMemoryAlertStore(Clock.systemUTC());

  @Override
  protected AlertStore store() {
    return store;
  }
}
