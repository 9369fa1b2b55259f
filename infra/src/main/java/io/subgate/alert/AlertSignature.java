package io.subgate.alert;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * How a notice is signed, for receivers to verify: {@code X-Subgate-Signature: sha256=<hex>}, the
 * HMAC-SHA256 under the webhook's secret of {@code <X-Subgate-Timestamp>.<body>} (the timestamp in
 * epoch seconds, so a receiver can refuse old replays).
 */
public final class AlertSignature {
  public static final String HEADER = "X-Subgate-Signature";
  public static final String TIMESTAMP = "X-Subgate-Timestamp";

  private AlertSignature() {}

  public static String sign(String secret, long timestamp, String body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      byte[] digest = mac.doFinal((timestamp + "." + body).getBytes(StandardCharsets.UTF_8));
      return "sha256=" + HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }
}
