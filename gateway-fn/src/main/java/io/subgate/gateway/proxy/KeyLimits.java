package io.subgate.gateway.proxy;

import io.subgate.routing.RequestGate;
import io.subgate.tenancy.Principal;
import java.time.Duration;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A key's own limits on the request path: the windows a request falls in (UTC minute and day), and
 * the 429 that refuses it, with {@code Retry-After} at the window's end.
 */
final class KeyLimits {
  private KeyLimits() {}

  /** The key's limits for the minute and day of {@code now}, or null when it has none. */
  static RequestGate.@Nullable KeyLimit of(Principal principal, Instant now) {
    if (principal.requestsPerMinute() <= 0 && principal.tokensPerDay() <= 0) {
      return null;
    }
    long second = now.getEpochSecond();
    return new RequestGate.KeyLimit(
        principal.apiKeyId(),
        principal.requestsPerMinute(),
        principal.tokensPerDay(),
        second / 60,
        Math.floorDiv(second, 86_400));
  }

  static GatewayException refusal(Principal principal, RequestGate.KeyLimited which, Instant now) {
    long second = now.getEpochSecond();
    boolean perMinute = which == RequestGate.KeyLimited.REQUESTS_PER_MINUTE;
    long wait = perMinute ? 60 - second % 60 : 86_400 - Math.floorMod(second, 86_400);
    return new GatewayException(
        429,
        perMinute
            ? "this API key's limit of "
                + principal.requestsPerMinute()
                + " requests per minute is reached"
            : "this API key's limit of "
                + principal.tokensPerDay()
                + " tokens per day (UTC) is used up",
        Duration.ofSeconds(wait));
  }
}
