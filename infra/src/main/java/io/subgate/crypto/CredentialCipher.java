package io.subgate.crypto;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * AES-256-GCM for secrets at rest. Output is {@code v1:} followed by base64 of a random 12-byte
 * nonce and the ciphertext with its 16-byte tag. The purpose string is bound as associated data, so
 * a ciphertext made for one purpose (credentials, cached token) does not decrypt as another.
 * Thread-safe.
 */
public final class CredentialCipher {
  private static final String VERSION = "v1:";
  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;

  private final SecretKey key;
  private final SecureRandom random = new SecureRandom();

  public CredentialCipher(SecretKey key) {
    this.key = key;
  }

  public String encrypt(String plaintext, String purpose) {
    byte[] nonce = new byte[NONCE_BYTES];
    random.nextBytes(nonce);
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
      cipher.updateAAD(purpose.getBytes(StandardCharsets.UTF_8));
      byte[] sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
      ByteBuffer out = ByteBuffer.allocate(NONCE_BYTES + sealed.length).put(nonce).put(sealed);
      return VERSION + Base64.getEncoder().encodeToString(out.array());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM encryption failed", e);
    }
  }

  /**
   * @throws CredentialDecryptionException when the value was not produced by this key and purpose
   */
  public String decrypt(String encoded, String purpose) {
    if (!encoded.startsWith(VERSION)) {
      throw new CredentialDecryptionException("unknown ciphertext format");
    }
    try {
      byte[] all = Base64.getDecoder().decode(encoded.substring(VERSION.length()));
      if (all.length < NONCE_BYTES + TAG_BITS / 8) {
        throw new CredentialDecryptionException("ciphertext too short");
      }
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, all, 0, NONCE_BYTES));
      cipher.updateAAD(purpose.getBytes(StandardCharsets.UTF_8));
      byte[] plain = cipher.doFinal(all, NONCE_BYTES, all.length - NONCE_BYTES);
      return new String(plain, StandardCharsets.UTF_8);
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new CredentialDecryptionException("cannot decrypt (wrong key or corrupted value)", e);
    }
  }
}
