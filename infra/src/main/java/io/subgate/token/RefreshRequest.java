package io.subgate.token;

import io.subgate.support.Deadline;
import java.time.Duration;

/**
 * One call into the shared flow.
 *
 * @param window refresh when the token expires within this
 * @param force refresh even when not due (after an upstream 401)
 * @param refusedVersion with {@code force}: refresh only while the stored credentials version is at
 *     most this one — the version whose token the upstream refused; a newer one (another process
 *     already refreshed) is used instead of refreshing again
 * @param deadline no provider call starts, and no late answer is applied, after this
 */
public record RefreshRequest(
    Duration window, boolean force, long refusedVersion, Deadline deadline) {

  /** A request that refreshes when due or, with {@code force}, whatever the stored version. */
  public RefreshRequest(Duration window, boolean force, Deadline deadline) {
    this(window, force, Long.MAX_VALUE, deadline);
  }

  /** After the upstream refused the token of credentials version {@code refusedVersion}. */
  public static RefreshRequest replacing(long refusedVersion, Duration window, Deadline deadline) {
    return new RefreshRequest(window, true, refusedVersion, deadline);
  }

  String singleFlightKey(long accountId) {
    return accountId + "|" + window + "|" + force + "|" + refusedVersion;
  }
}
