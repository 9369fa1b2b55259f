package io.subgate.tenancy;

import io.subgate.support.Digests;
import java.security.SecureRandom;
import java.util.Base64;

/** Generation and hashing of client API keys. */
public final class ApiKeys {

  /** Every generated key starts with this, so leaked keys are easy to scan for. */
  public static final String KEY_PREFIX = "sk-sg-";

  private static final int DISPLAY_PREFIX_LENGTH = KEY_PREFIX.length() + 4;
  private static final SecureRandom RANDOM = new SecureRandom();

  private ApiKeys() {}

  /** A new plaintext key: the prefix and 32 random bytes, URL-safe base64. */
  public static String generate() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return KEY_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** Lower-case hex SHA-256 of the plaintext; what is stored and looked up. */
  public static String hash(String plaintext) {
    return Digests.sha256Hex(plaintext);
  }

  /** The non-secret head shown in listings. */
  public static String displayPrefix(String plaintext) {
    return plaintext.substring(0, Math.min(DISPLAY_PREFIX_LENGTH, plaintext.length()));
  }
}
