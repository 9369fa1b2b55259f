package io.subgate.support;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Lower-case hex digests of UTF-8 text, with algorithms every JVM must provide. */
public final class Digests {
  private Digests() {}

  public static String sha256Hex(String text) {
    return hex("SHA-256", text);
  }

  /** SHA-1: only where a protocol names it (Redis script digests), never for secrets. */
  public static String sha1Hex(String text) {
    return hex("SHA-1", text);
  }

  private static String hex(String algorithm, String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance(algorithm).digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(algorithm + " is required of every JVM", e);
    }
  }
}
