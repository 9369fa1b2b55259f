package io.subgate.account;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * Time-bounded reasons an otherwise active account is not scheduled. Each field is written by its
 * own column-scoped update, so concurrent writers never clobber each other.
 */
public record Cooldowns(
    @Nullable Instant rateLimitedUntil,
    @Nullable Instant overloadUntil,
    @Nullable Instant tempUnschedulableUntil,
    @Nullable String tempUnschedulableReason) {

  public static final Cooldowns NONE = new Cooldowns(null, null, null, null);

  public Cooldowns withRateLimitedUntil(@Nullable Instant until) {
    return new Cooldowns(until, overloadUntil, tempUnschedulableUntil, tempUnschedulableReason);
  }

  public Cooldowns withOverloadUntil(@Nullable Instant until) {
    return new Cooldowns(rateLimitedUntil, until, tempUnschedulableUntil, tempUnschedulableReason);
  }

  public Cooldowns withTempUnschedulable(@Nullable Instant until, @Nullable String reason) {
    return new Cooldowns(rateLimitedUntil, overloadUntil, until, reason);
  }

  /** True while any cooldown is still running at {@code now}. */
  public boolean activeAt(Instant now) {
    return isAfter(rateLimitedUntil, now)
        || isAfter(overloadUntil, now)
        || isAfter(tempUnschedulableUntil, now);
  }

  private static boolean isAfter(@Nullable Instant until, Instant now) {
    return until != null && until.isAfter(now);
  }
}
