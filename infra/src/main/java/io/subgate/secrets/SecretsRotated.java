package io.subgate.secrets;

import java.util.Map;

/**
 * Published when a scheduled read of the secrets found new values: the settings that changed and
 * their new values. Listeners apply what they own (the admin token, the database credentials).
 */
public record SecretsRotated(Map<String, String> changed) {
  public SecretsRotated {
    changed = Map.copyOf(changed);
  }

  @Override
  public String toString() {
    return "SecretsRotated" + changed.keySet(); // never the values
  }
}
