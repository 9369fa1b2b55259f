package io.subgate.tenancy;

import io.subgate.support.Digests;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.zip.CRC32;

/** Generation and hashing of client API keys. */
public final class ApiKeys {

  /** Every generated key starts with this, so leaked keys are easy to scan for. */
  public static final String KEY_PREFIX = "sk-sg-";

  private static final int DISPLAY_PREFIX_LENGTH = KEY_PREFIX.length() + 4;
  private static final SecureRandom RANDOM = new SecureRandom();

  private ApiKeys() {}

  /** Length of the random part: 32 bytes, URL-safe base64 without padding. */
  static final int RANDOM_CHARS = 43;

  /** Length of the checksum closing a key: a CRC-32 of the rest, URL-safe base64. */
  static final int CHECKSUM_CHARS = 6;

  /**
   * A new plaintext key: the prefix, 32 random bytes and a CRC-32 of both (URL-safe base64), so a
   * mistyped or made-up key is told from a real one without a lookup, as GitHub's tokens are.
   */
  public static String generate() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    String body = KEY_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    return body + checksum(body);
  }

  /**
   * Whether {@code key} carries a checksum that matches: a key issued since keys have one. Keys
   * issued before ({@link #generate} without the checksum) answer false and are told apart by
   * {@link KnownKeys}.
   */
  public static boolean checksummed(String key) {
    int length = KEY_PREFIX.length() + RANDOM_CHARS + CHECKSUM_CHARS;
    if (key.length() != length || !key.startsWith(KEY_PREFIX)) {
      return false;
    }
    String body = key.substring(0, length - CHECKSUM_CHARS);
    return checksum(body).equals(key.substring(length - CHECKSUM_CHARS));
  }

  private static String checksum(String body) {
    CRC32 crc = new CRC32();
    crc.update(body.getBytes(StandardCharsets.US_ASCII));
    long v = crc.getValue();
    byte[] four = {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v};
    return Base64.getUrlEncoder().withoutPadding().encodeToString(four);
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
