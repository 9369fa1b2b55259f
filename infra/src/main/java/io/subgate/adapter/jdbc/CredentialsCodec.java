package io.subgate.adapter.jdbc;

import io.micronaut.serde.ObjectMapper;
import io.subgate.account.AccountType;
import io.subgate.account.Credentials;
import io.subgate.account.OAuthCredentials;
import io.subgate.account.StaticKeyCredentials;
import io.subgate.crypto.CredentialCipher;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Typed credentials to and from their encrypted column value. */
@Singleton
public final class CredentialsCodec {
  static final String PURPOSE = "subgate:account-credentials";

  private final ObjectMapper json;
  private final CredentialCipher cipher;

  public CredentialsCodec(ObjectMapper json, CredentialCipher cipher) {
    this.json = json;
    this.cipher = cipher;
  }

  public String seal(Credentials credentials) {
    try {
      return cipher.encrypt(json.writeValueAsString(credentials), PURPOSE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot serialise credentials", e);
    }
  }

  public Credentials open(String ciphertext, AccountType type) {
    String plain = cipher.decrypt(ciphertext, PURPOSE);
    try {
      if (type.usesOAuth()) {
        return json.readValue(plain, OAuthCredentials.class);
      }
      return json.readValue(plain, StaticKeyCredentials.class);
    } catch (IOException e) {
      throw new UncheckedIOException("stored credentials do not match type " + type, e);
    }
  }
}
