package io.subgate.routing;

import io.subgate.account.Account;
import io.subgate.concurrency.SlotPool;
import io.subgate.token.CachedToken;
import java.time.Duration;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** What the selector decided for one attempt of a request. */
public sealed interface Selection {

  /**
   * An account with a slot already held in {@code pool} by the request; the caller releases it when
   * the upstream call ends.
   *
   * @param token the account's cached access token, read in the same round trip, when present
   */
  record Acquired(Account account, SlotPool pool, boolean sticky, @Nullable CachedToken token)
      implements Selection {}

  /** An account for a request that takes no slot (token counting). */
  record Chosen(Account account) implements Selection {}

  /**
   * Every candidate is busy: wait for a slot on {@code account}.
   *
   * @param maxWaiting bound of that account's wait queue
   */
  record Wait(Account account, Duration timeout, int maxWaiting, boolean sticky)
      implements Selection {}

  /**
   * No account can serve now.
   *
   * @param allRateLimited every candidate is cooling down from a rate limit (429, not 503)
   * @param retryAt the soonest known end of a cooldown, when any
   */
  record NoneAvailable(String reason, boolean allRateLimited, @Nullable Instant retryAt)
      implements Selection {}
}
