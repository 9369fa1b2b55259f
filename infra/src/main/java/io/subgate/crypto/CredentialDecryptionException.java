package io.subgate.crypto;

/** Stored secret cannot be decrypted with the configured key. */
public final class CredentialDecryptionException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public CredentialDecryptionException(String message) {
    super(message);
  }

  public CredentialDecryptionException(String message, Throwable cause) {
    super(message, cause);
  }
}
