package io.subgate.token;

import io.subgate.support.Deadline;
import java.time.Duration;

/**
 * One call into the shared flow.
 *
 * @param window refresh when the token expires within this
 * @param force refresh even when not due (after an upstream 401)
 * @param deadline no provider call starts, and no late answer is applied, after this
 */
public record RefreshRequest(Duration window, boolean force, Deadline deadline) {

  String singleFlightKey(long accountId) {
    return accountId + "|" + window + "|" + force;
  }
}
