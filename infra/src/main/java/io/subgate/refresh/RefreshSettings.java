package io.subgate.refresh;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import java.time.Duration;

/**
 * Refresher settings ({@code subgate.refresher.*}).
 *
 * @param inProcess run the sweep on a schedule inside this process (local runs; never on Lambda,
 *     which freezes background threads)
 * @param interval delay between in-process sweeps
 * @param window tokens expiring within this are due (Antigravity uses {@code antigravityWindow})
 * @param antigravityWindow Antigravity's fixed window
 * @param concurrency accounts refreshed at once
 * @param platformRate provider calls per second per platform
 * @param maxAttempts attempts per account and sweep for retryable failures
 * @param retryBackoff first retry delay; doubles per attempt, ±25 % jitter, capped at 30 s
 * @param attemptTimeout bound of one attempt (always kept below the lock lease)
 * @param failureThreshold consecutive provider-wide failures that stop a platform for the sweep
 * @param cycleTimeout a sweep's time budget outside Lambda (on Lambda: the invocation's time)
 * @param pageSize accounts read per page
 */
@ConfigurationProperties("subgate.refresher")
public record RefreshSettings(
    @Bindable(defaultValue = "false") boolean inProcess,
    @Bindable(defaultValue = "5m") Duration interval,
    @Bindable(defaultValue = "30m") Duration window,
    @Bindable(defaultValue = "15m") Duration antigravityWindow,
    @Bindable(defaultValue = "8") int concurrency,
    @Bindable(defaultValue = "10") double platformRate,
    @Bindable(defaultValue = "3") int maxAttempts,
    @Bindable(defaultValue = "2s") Duration retryBackoff,
    @Bindable(defaultValue = "15s") Duration attemptTimeout,
    @Bindable(defaultValue = "3") int failureThreshold,
    @Bindable(defaultValue = "4m") Duration cycleTimeout,
    @Bindable(defaultValue = "200") int pageSize) {}
