package io.subgate.crypto;

import java.util.Base64;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/** Parsing of base64 AES-256 keys shared by the key sources. */
final class Keys {
  static final int KEY_BYTES = 32;

  private Keys() {}

  static SecretKey fromBase64(String encoded, String origin) {
    byte[] raw;
    try {
      raw = Base64.getDecoder().decode(encoded.trim());
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException(origin + " is not valid base64", e);
    }
    if (raw.length != KEY_BYTES) {
      throw new IllegalStateException(
          origin + " must decode to " + KEY_BYTES + " bytes (AES-256), got " + raw.length);
    }
    return new SecretKeySpec(raw, "AES");
  }
}
