package io.subgate.secrets;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** {@link SecretStore} in memory, for unit tests: JSON objects by id, replaced as a rotation. */
public final class InMemorySecretStore implements SecretStore {
  private final Map<String, String> secrets = new ConcurrentHashMap<>();

  public InMemorySecretStore put(String id, String json) {
    secrets.put(id, json);
    return this;
  }

  @Override
  public Map<String, String> fields(String secretId) {
    String json = secrets.get(secretId);
    if (json == null) {
      throw new SecretUnavailableException(secretId, "no such secret");
    }
    return SecretsManagerSecretStore.parse(secretId, json);
  }
}
