package io.subgate.crypto;

import javax.crypto.SecretKey;

/** Key taken from the {@code subgate.crypto.key} setting (base64 of 32 bytes). */
public final class ConfiguredKeySource implements CredentialKeySource {
  private final String base64Key;

  public ConfiguredKeySource(String base64Key) {
    this.base64Key = base64Key;
  }

  @Override
  public SecretKey key() {
    return Keys.fromBase64(base64Key, "subgate.crypto.key");
  }
}
