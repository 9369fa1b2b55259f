package io.subgate.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Refresh-lock backends ({@code subgate.lock.*}).
 *
 * @param order backends to try, first to last; a backend that cannot answer hands over to the next
 * @param dynamodbTable DynamoDB lock table; the DynamoDB backend exists only when this is set
 */
@ConfigurationProperties("subgate.lock")
public record LockSettings(
    @Bindable(defaultValue = "redis,dynamodb") List<String> order,
    @Nullable String dynamodbTable) {}
