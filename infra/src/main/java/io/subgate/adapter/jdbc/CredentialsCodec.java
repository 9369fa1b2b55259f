package io.subgate.adapter.jdbc;

import io.micronaut.serde.ObjectMapper;
import io.subgate.account.AccountType;
import io.subgate.account.Credentials;
import io.subgate.account.OAuthCredentials;
import io.subgate.account.StaticKeyCredentials;
import io.subgate.crypto.CredentialCipher;
import io.subgate.crypto.CredentialDecryptionException;
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

  /**
   * {@code credentials} sealed for account {@code accountId}: its id is in the associated data, so
   * a ciphertext copied to another account's row by anyone who can write the database does not open
   * there.
   */
  public String seal(Credentials credentials, long accountId) {
    return seal(credentials, purpose(accountId));
  }

  /** Sealed before the account has an id (its first insert); resealed bound right after. */
  String sealUnbound(Credentials credentials) {
    return seal(credentials, PURPOSE);
  }

  private String seal(Credentials credentials, String purpose) {
    try {
      return cipher.encrypt(json.writeValueAsString(credentials), purpose);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot serialise credentials", e);
    }
  }

  /**
   * The credentials of account {@code accountId}: sealed bound to it, or — written before
   * credentials were bound to their account — under the purpose alone, until the next write.
   */
  public Credentials open(String ciphertext, AccountType type, long accountId) {
    String plain;
    try {
      plain = cipher.decrypt(ciphertext, purpose(accountId));
    } catch (CredentialDecryptionException bound) {
      plain = cipher.decrypt(ciphertext, PURPOSE);
    }
    try {
      if (type.usesOAuth()) {
        return json.readValue(plain, OAuthCredentials.class);
      }
      return json.readValue(plain, StaticKeyCredentials.class);
    } catch (IOException e) {
      throw new UncheckedIOException("stored credentials do not match type " + type, e);
    }
  }

  static String purpose(long accountId) {
    return PURPOSE + ":" + accountId;
  }
}
