package io.subgate.token;

import java.time.Duration;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** How long a token may stay in the shared cache (sub2api's TTL rule, as a pure function). */
public final class CacheTtl {
  static final Duration UNKNOWN_EXPIRY = Duration.ofMinutes(30);
  static final Duration FLOOR = Duration.ofMinutes(1);

  private CacheTtl() {}

  /**
   * {@code failureTtl} after a failed refresh; 30 min when the expiry is unknown; expiry minus the
   * cache skew while that is positive; the time left when within the skew; else 1 min.
   */
  public static Duration of(
      @Nullable Instant expiresAt, Instant now, RefreshPolicy policy, boolean refreshFailed) {
    if (refreshFailed) {
      return policy.failureCacheTtl();
    }
    if (expiresAt == null) {
      return UNKNOWN_EXPIRY;
    }
    Duration left = Duration.between(now, expiresAt);
    if (left.compareTo(policy.cacheSkew()) > 0) {
      return left.minus(policy.cacheSkew());
    }
    if (left.isNegative() || left.isZero()) {
      return FLOOR;
    }
    return left;
  }
}
