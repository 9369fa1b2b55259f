package io.subgate.secrets;

import java.util.Map;

class InMemorySecretStoreTest extends SecretStoreContract {
  private final InMemorySecretStore store = new InMemorySecretStore();

  @Override
  protected SecretStore store(Map<String, String> secrets) {
    secrets.forEach(store::put);
    return store;
  }

  @Override
  protected void rotate(String id, String json) {
    store.put(id, json);
  }
}
