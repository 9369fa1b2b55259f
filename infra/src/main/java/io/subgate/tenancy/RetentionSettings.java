package io.subgate.tenancy;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * How long usage records and audit entries are kept ({@code subgate.retention.*}); unset keeps them
 * for good.
 *
 * @param usage usage records older than this are deleted
 * @param audit audit entries older than this are deleted
 * @param batch rows deleted per table and sweep at most (the refresher sweeps every few minutes)
 */
@ConfigurationProperties("subgate.retention")
public record RetentionSettings(
    @Nullable Duration usage,
    @Nullable Duration audit,
    @Bindable(defaultValue = "10000") int batch) {}
