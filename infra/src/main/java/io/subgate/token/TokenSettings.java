package io.subgate.token;

import io.micronaut.context.annotation.ConfigurationProperties;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * Overrides of every platform's {@link RefreshPolicy} ({@code subgate.token.*}); unset keeps the
 * platform's value.
 *
 * @param leaseTime refresh-lock lease (default 60 s)
 * @param requestBudget bound of a request-path refresh (default 8 s)
 */
@ConfigurationProperties("subgate.token")
public record TokenSettings(@Nullable Duration leaseTime, @Nullable Duration requestBudget) {

  RefreshPolicy apply(RefreshPolicy policy) {
    Duration lease = leaseTime;
    Duration budget = requestBudget;
    RefreshPolicy p = lease == null ? policy : policy.withLeaseTime(lease);
    return budget == null
        ? p
        : new RefreshPolicy(
            p.refreshSkew(),
            p.cacheSkew(),
            p.leaseTime(),
            p.onRefreshError(),
            p.failureCacheTtl(),
            budget,
            p.failureCooldown());
  }
}
