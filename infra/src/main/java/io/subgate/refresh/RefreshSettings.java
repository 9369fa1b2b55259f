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
 * @param window tokens expiring within this window are due
 */
@ConfigurationProperties("subgate.refresher")
public record RefreshSettings(
    @Bindable(defaultValue = "false") boolean inProcess,
    @Bindable(defaultValue = "5m") Duration interval,
    @Bindable(defaultValue = "30m") Duration window) {}
