package io.subgate.crypto;

import javax.crypto.SecretKey;

/**
 * Supplies the AES-256 key that encrypts credentials at rest. Called once at startup; the key is
 * held in memory afterwards. Adapters: configuration ({@link ConfiguredKeySource}), a local key
 * file ({@link LocalKeyFileSource}); AWS KMS or Secrets Manager can implement this port later.
 */
public interface CredentialKeySource {

  /**
   * @throws IllegalStateException when no usable key is available; the message says which setting
   *     to provide
   */
  SecretKey key();
}
