package io.subgate.refresh;

import io.micronaut.serde.annotation.Serdeable;

/**
 * Summary of one sweep.
 *
 * @param due accounts whose token expires within the refresh window
 * @param durationMs wall time of the sweep
 */
@Serdeable
public record SweepReport(int due, long durationMs) {}
