package io.subgate.refresh;

import io.micronaut.serde.annotation.Serdeable;
import java.util.List;

/**
 * Summary of one sweep, returned by the Lambda handler and logged as one JSON line.
 *
 * @param scanned active OAuth accounts looked at
 * @param due of those, tokens expiring within the window
 * @param refreshed new credentials obtained and stored by this sweep
 * @param alreadyFresh due when listed, but refreshed meanwhile by another process
 * @param skippedLocked another process held the account's refresh lock
 * @param failed retries exhausted; the account is temp-unschedulable for 10 minutes
 * @param disabled non-retryable failure; the account's status is now error
 * @param skippedPlatform not attempted: platform misconfigured or its breaker open
 * @param prewarmed tokens written into the cache for accounts that were not due
 * @param lockUnavailable no lock backend answered; nothing was refreshed without a lock
 * @param misconfiguredPlatforms platforms skipped for missing configuration
 * @param trippedPlatforms platforms whose breaker opened during the sweep
 * @param complete the sweep reached the end; false when it stopped for time and will resume
 * @param durationMs wall time
 */
@Serdeable
public record SweepReport(
    int scanned,
    int due,
    int refreshed,
    int alreadyFresh,
    int skippedLocked,
    int failed,
    int disabled,
    int skippedPlatform,
    int prewarmed,
    int lockUnavailable,
    List<String> misconfiguredPlatforms,
    List<String> trippedPlatforms,
    boolean complete,
    long durationMs) {}
