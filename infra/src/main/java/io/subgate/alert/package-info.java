/**
 * Alerts: conditions of the pool an operator must hear of (an account in error or parked for over
 * an hour, a group with nothing schedulable, a refresher sweep with failures, a budget crossing),
 * each told once when it starts and once when it clears, to the operator's webhooks — signed,
 * queued in the database and retried with backoff, never on a request's thread.
 */
@NullMarked
package io.subgate.alert;

import org.jspecify.annotations.NullMarked;
