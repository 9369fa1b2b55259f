package io.subgate.account;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Time-bounded reasons an otherwise active account is not scheduled. Each field is written by its
 * own column-scoped update, so concurrent writers never clobber each other.
 *
 * @param models per-model cooldowns, the account staying schedulable for other models: rate limits
 *     (Google's quotas are per model) under the model's name, and the provider's refusals of the
 *     model on this account (not found, no access) under the name with {@link #REFUSED} appended
 */
public record Cooldowns(
    @Nullable Instant rateLimitedUntil,
    @Nullable Instant overloadUntil,
    @Nullable Instant tempUnschedulableUntil,
    @Nullable String tempUnschedulableReason,
    Map<String, Instant> models) {

  public static final Cooldowns NONE = new Cooldowns(null, null, null, null);

  /** Appended to a model's name for a refusal of that model, beside its rate limit. */
  public static final String REFUSED = "#refused";

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

  /**
   * These cooldowns with the provider's refusal of {@code model} remembered until {@code until}.
   */
  public Cooldowns withModelRefusedUntil(String model, Instant until, Instant now) {
    return withModelLimitedUntil(model + REFUSED, until, now);
  }

  /** True while {@code model} has its own rate limit or a refusal at {@code now}. */
  public boolean modelLimitedAt(String model, Instant now) {
    return isAfter(models.get(model), now) || modelRefusedAt(model, now);
  }

  /** True while the provider's refusal of {@code model} on this account holds at {@code now}. */
  public boolean modelRefusedAt(String model, Instant now) {
    return isAfter(models.get(model + REFUSED), now);
  }

  /**
   * When {@code model}'s own cooldowns (rate limit, refusal) end, the later of them; null if none.
   */
  public @Nullable Instant modelUntil(String model) {
    Instant limited = models.get(model);
    Instant refused = models.get(model + REFUSED);
    if (limited == null) {
      return refused;
    }
    return refused != null && refused.isAfter(limited) ? refused : limited;
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
