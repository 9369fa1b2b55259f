package io.subgate.routing;

import io.subgate.account.Pacing;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Accounts' paces held in this process (the in-process gate's, and the Redis gate's fallback while
 * Redis is down): per account, the requests started in the last minute and the sessions seen within
 * their idle time. Same rules as the Redis script; time from the clock.
 */
final class LocalPaces {
  private static final Duration MINUTE = Duration.ofMinutes(1);

  private final Clock clock;
  private final Map<Long, Map<String, Instant>> starts = new HashMap<>();
  private final Map<Long, Map<String, Instant>> sessions = new HashMap<>();

  LocalPaces(Clock clock) {
    this.clock = clock;
  }

  /** Whether {@code account} is at its pace for a request of {@code session}. */
  synchronized boolean full(long account, Pacing pacing, @Nullable String session) {
    if (!pacing.paces()) {
      return false;
    }
    Instant now = clock.instant();
    if (pacing.requestsPerMinute() > 0
        && recent(starts, account, now.minus(MINUTE)).size() >= pacing.requestsPerMinute()) {
      return true;
    }
    if (pacing.sessions() > 0 && session != null) {
      Map<String, Instant> seen = recent(sessions, account, now.minus(pacing.sessionIdle()));
      return !seen.containsKey(session) && seen.size() >= pacing.sessions();
    }
    return false;
  }

  /** Counts {@code requestId} (and its session) against the account's pace. */
  synchronized void count(long account, Pacing pacing, String requestId, @Nullable String session) {
    Instant now = clock.instant();
    if (pacing.requestsPerMinute() > 0) {
      recent(starts, account, now.minus(MINUTE)).put(requestId, now);
    }
    if (pacing.sessions() > 0 && session != null) {
      Map<String, Instant> seen = recent(sessions, account, now.minus(pacing.sessionIdle()));
      seen.remove(session); // re-inserted last: the map stays in order of last use
      seen.put(session, now);
    }
  }

  /** The account's entries after {@code since}, older ones dropped (they are in time order). */
  private static Map<String, Instant> recent(
      Map<Long, Map<String, Instant>> byAccount, long account, Instant since) {
    Map<String, Instant> entries = byAccount.computeIfAbsent(account, a -> new LinkedHashMap<>());
    var it = entries.values().iterator();
    while (it.hasNext() && !it.next().isAfter(since)) {
      it.remove();
    }
    return entries;
  }
}
