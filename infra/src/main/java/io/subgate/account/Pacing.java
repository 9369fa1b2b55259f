package io.subgate.account;

import java.time.Duration;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * How hard an account may be driven besides its concurrency, and until when: what keeps a burst of
 * agent sessions from hitting one subscription faster than its own client ever would.
 *
 * @param requestsPerMinute at most this many requests start on the account in any 60 seconds (0: no
 *     cap)
 * @param sessions at most this many distinct sessions use the account, a session counting until
 *     {@code sessionIdle} after its last request (0: no cap); a request without a session is not
 *     one
 * @param sessionIdle how long a session keeps its place after its last request
 * @param endsAt when the subscription ends: from then on the account is not scheduled (null: never)
 */
public record Pacing(
    int requestsPerMinute, int sessions, Duration sessionIdle, @Nullable Instant endsAt) {
  public static final Duration DEFAULT_SESSION_IDLE = Duration.ofMinutes(5);
  public static final Pacing NONE = new Pacing(0, 0, DEFAULT_SESSION_IDLE, null);

  public Pacing {
    if (requestsPerMinute < 0 || sessions < 0) {
      throw new IllegalArgumentException("pacing caps are 0 (none) or positive");
    }
    if (sessionIdle.isNegative() || sessionIdle.isZero()) {
      throw new IllegalArgumentException("a session's idle time is positive");
    }
  }

  /** Whether a cap applies to the requests themselves (rpm or sessions). */
  public boolean paces() {
    return requestsPerMinute > 0 || sessions > 0;
  }

  /** Whether the subscription has ended at {@code now}. */
  public boolean endedAt(Instant now) {
    return endsAt != null && !now.isBefore(endsAt);
  }
}
