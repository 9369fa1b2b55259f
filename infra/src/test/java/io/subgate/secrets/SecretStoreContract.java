package io.subgate.secrets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** What every {@link SecretStore} does; run against the fake and against Secrets Manager's API. */
abstract class SecretStoreContract {
  /** A store holding {@code secrets} (id → JSON text), and a way to rotate one. */
  protected abstract SecretStore store(Map<String, String> secrets);

  protected abstract void rotate(String id, String json);

  @Test
  void fields_areTheSecretsStringFields() {
    SecretStore s = store(Map.of("db", "{\"username\":\"u\",\"password\":\"p-1\",\"port\":5432}"));
    assertEquals(Map.of("username", "u", "password", "p-1"), s.fields("db"));
  }

  @Test
  void everyRead_seesTheCurrentVersion() {
    SecretStore s = store(Map.of("crypto", "{\"admin_token\":\"one\"}"));
    assertEquals("one", s.fields("crypto").get("admin_token"));
    rotate("crypto", "{\"admin_token\":\"two\"}");
    assertEquals("two", s.fields("crypto").get("admin_token"));
  }

  @Test
  void aMissingOrMalformedSecret_isNamed_neverShown() {
    SecretStore s = store(Map.of("plain", "not-json-s3cr3t"));
    SecretUnavailableException missing =
        assertThrows(SecretUnavailableException.class, () -> s.fields("nothing"));
    assertTrue(String.valueOf(missing.getMessage()).contains("nothing"), missing.getMessage());
    SecretUnavailableException malformed =
        assertThrows(SecretUnavailableException.class, () -> s.fields("plain"));
    assertFalse(String.valueOf(malformed.getMessage()).contains("s3cr3t"), malformed.getMessage());
  }

  @Test
  void bindings_turnSecretsIntoSettings() {
    SecretStore s =
        store(
            Map.of(
                "arn:db", "{\"username\":\"u\",\"password\":\"p\"}",
                "arn:crypto", "{\"key\":\"k\",\"admin_token\":\"t\"}"));
    Map<String, String> settings =
        SecretBindings.read(
            s, Map.of(SecretBindings.DATABASE, "arn:db", SecretBindings.CRYPTO, "arn:crypto"));
    assertEquals(
        Map.of(
            "datasources.default.username", "u",
            "datasources.default.password", "p",
            "subgate.crypto.key", "k",
            "subgate.admin.token", "t"),
        settings);
  }
}
