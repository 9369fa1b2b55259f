package io.subgate.token;

import java.time.Duration;

/**
 * How a platform's tokens are refreshed, as data (after sub2api's ProviderRefreshPolicy).
 *
 * @param refreshSkew a token expiring within this is refreshed on the request path
 * @param cacheSkew the cache entry expires this long before the token
 * @param leaseTime refresh lock lease; attempts stay below it
 * @param onRefreshError what the request path does when a refresh fails
 * @param failureCacheTtl cache TTL of an existing token served after a failed refresh
 * @param requestBudget bound for a refresh on the request path
 * @param failureCooldown temp-unschedulable period after a failed request-path refresh
 */
public record RefreshPolicy(
    Duration refreshSkew,
    Duration cacheSkew,
    Duration leaseTime,
    OnRefreshError onRefreshError,
    Duration failureCacheTtl,
    Duration requestBudget,
    Duration failureCooldown) {

  /** Request-path reaction to a failed refresh. */
  public enum OnRefreshError {
    /** Serve the existing token while it is still valid (Anthropic, OpenAI). */
    USE_EXISTING_WHILE_VALID,
    /** Fail the request so the gateway fails over (Gemini, Antigravity). */
    FAIL
  }

  public static final RefreshPolicy DEFAULT =
      new RefreshPolicy(
          Duration.ofMinutes(3),
          Duration.ofMinutes(5),
          Duration.ofSeconds(60),
          OnRefreshError.USE_EXISTING_WHILE_VALID,
          Duration.ofMinutes(1),
          Duration.ofSeconds(8),
          Duration.ofMinutes(10));

  public static final RefreshPolicy FAIL_FAST = DEFAULT.withOnRefreshError(OnRefreshError.FAIL);

  public RefreshPolicy withOnRefreshError(OnRefreshError next) {
    return new RefreshPolicy(
        refreshSkew, cacheSkew, leaseTime, next, failureCacheTtl, requestBudget, failureCooldown);
  }

  public RefreshPolicy withLeaseTime(Duration next) {
    return new RefreshPolicy(
        refreshSkew,
        cacheSkew,
        next,
        onRefreshError,
        failureCacheTtl,
        requestBudget,
        failureCooldown);
  }
}
