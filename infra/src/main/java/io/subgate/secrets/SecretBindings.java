package io.subgate.secrets;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which secret feeds which setting. Each secret is named by an environment variable holding its id
 * (an ARN): {@code SUBGATE_SECRETS_DATABASE} → {@code {"username","password"}} as the datasource's
 * credentials; {@code SUBGATE_SECRETS_CRYPTO} → {@code {"key"}} as the credentials-encryption key
 * and {@code {"admin_token"}} as the admin token (the gateway's only).
 */
public final class SecretBindings {
  /** One field of one secret, and the setting it becomes. */
  record Binding(String secret, String field, String property) {}

  /** The secret ids' settings ({@code SUBGATE_SECRETS_DATABASE} in the environment). */
  public static final String DATABASE = "subgate.secrets.database";

  public static final String CRYPTO = "subgate.secrets.crypto";
  public static final String ENDPOINT = "subgate.secrets.endpoint";

  static final List<Binding> BINDINGS =
      List.of(
          new Binding(DATABASE, "username", "datasources.default.username"),
          new Binding(DATABASE, "password", "datasources.default.password"),
          new Binding(CRYPTO, "key", "subgate.crypto.key"),
          new Binding(CRYPTO, "admin_token", "subgate.admin.token"));

  private SecretBindings() {}

  /**
   * The settings the named secrets give: each secret read once from {@code store}. A secret that is
   * named but unreadable stops the caller (start-up fails and names it); a field the secret lacks
   * is left to the other settings.
   *
   * @param secretIds setting ({@link #DATABASE}, {@link #CRYPTO}) → the secret's id
   */
  public static Map<String, String> read(SecretStore store, Map<String, String> secretIds) {
    Map<String, String> properties = new LinkedHashMap<>();
    Map<String, Map<String, String>> read = new LinkedHashMap<>();
    for (Binding b : BINDINGS) {
      String id = secretIds.get(b.secret());
      if (id == null || id.isBlank()) {
        continue;
      }
      String value = read.computeIfAbsent(b.secret(), s -> store.fields(id)).get(b.field());
      if (value != null && !value.isEmpty()) {
        properties.put(b.property(), value);
      }
    }
    return properties;
  }

  /** The secret ids named in an environment ({@code SUBGATE_SECRETS_DATABASE}, …). */
  public static Map<String, String> idsIn(Map<String, String> environment) {
    Map<String, String> ids = new LinkedHashMap<>();
    for (String setting : List.of(DATABASE, CRYPTO, ENDPOINT)) {
      String value = environment.get(envName(setting));
      if (value != null && !value.isBlank()) {
        ids.put(setting, value);
      }
    }
    return ids;
  }

  static String envName(String setting) {
    return setting.toUpperCase(java.util.Locale.ROOT).replace('.', '_');
  }
}
