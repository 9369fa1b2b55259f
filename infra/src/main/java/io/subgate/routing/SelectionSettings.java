package io.subgate.routing;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import java.time.Duration;

/**
 * Account selection settings ({@code subgate.selection.*}).
 *
 * @param stickyTtl life of a session binding, extended on every hit
 * @param stickyWaitTimeout how long a request waits for its session's busy account
 * @param stickyMaxWaiting waiters allowed on a session's busy account
 * @param fallbackWaitTimeout how long a request waits when every account is busy
 * @param fallbackMaxWaiting waiters allowed per account in that case
 * @param slotTtl a slot's lease: how long an unreleased slot lives (a killed process cannot leak it
 *     longer); a running request renews its slots every third of it
 * @param candidateTtl how long a process reuses a group's account list before re-reading it
 * @param headroomThreshold an account whose provider last reported a usage window at least this
 *     many percent used, not yet reset, ranks after the others of its priority (new sessions go
 *     where headroom is left before a 429 says so); above 100 turns it off
 */
@ConfigurationProperties("subgate.selection")
public record SelectionSettings(
    @Bindable(defaultValue = "1h") Duration stickyTtl,
    @Bindable(defaultValue = "120s") Duration stickyWaitTimeout,
    @Bindable(defaultValue = "3") int stickyMaxWaiting,
    @Bindable(defaultValue = "30s") Duration fallbackWaitTimeout,
    @Bindable(defaultValue = "100") int fallbackMaxWaiting,
    @Bindable(defaultValue = "12s") Duration slotTtl,
    @Bindable(defaultValue = "5s") Duration candidateTtl,
    @Bindable(defaultValue = "90") double headroomThreshold) {}
