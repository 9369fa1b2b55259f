package io.subgate.account;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Time-bounded reasons an otherwise active account is not scheduled. Each field is written by its
 * own column-scoped update, so concurrent writers never clobber each other.
 *
 * @param models per-model rate limits (Google's quotas are per model): the account stays
 *     schedulable for other models
 */
public record Cooldowns(
    @Nullable Instant rateLimitedUntil,
    @Nullable Instant overloadUntil,
    @Nullable Instant tempUnschedulableUntil,
    @Nullable String tempUnschedulableReason,
    Map<String, Instant> models) {

  public static final Cooldowns NONE = new Cooldowns(null, null, null, null);

  public Cooldowns {
    models = Map.copyOf(models);
  }

  public Cooldowns(
      @Nullable Instant rateLimitedUntil,
      @Nullable Instant overloadUntil,
      @Nullable Instant tempUnschedulableUntil,
      @Nullable String tempUnschedulableReason) {
    this(
        rateLimitedUntil, overloadUntil, tempUnschedulableUntil, tempUnschedulableReason, Map.of());
  }

  public Cooldowns withRateLimitedUntil(@Nullable Instant until) {
    return new Cooldowns(
        until, overloadUntil, tempUnschedulableUntil, tempUnschedulableReason, models);
  }

  public Cooldowns withOverloadUntil(@Nullable Instant until) {
    return new Cooldowns(
        rateLimitedUntil, until, tempUnschedulableUntil, tempUnschedulableReason, models);
  }

  public Cooldowns withTempUnschedulable(@Nullable Instant until, @Nullable String reason) {
    return new Cooldowns(rateLimitedUntil, overloadUntil, until, reason, models);
  }

  /** These cooldowns with {@code model} limited until {@code until}, expired entries dropped. */
  public Cooldowns withModelLimitedUntil(String model, Instant until, Instant now) {
    Map<String, Instant> next = new HashMap<>();
    models.forEach(
        (m, at) -> {
          if (at.isAfter(now)) {
            next.put(m, at);
          }
        });
    next.put(model, until);
    return new Cooldowns(
        rateLimitedUntil, overloadUntil, tempUnschedulableUntil, tempUnschedulableReason, next);
  }

  /** True while {@code model} has its own rate limit at {@code now}. */
  public boolean modelLimitedAt(String model, Instant now) {
    return isAfter(models.get(model), now);
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
