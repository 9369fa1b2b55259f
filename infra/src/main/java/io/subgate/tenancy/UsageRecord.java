package io.subgate.tenancy;

import io.micronaut.serde.annotation.Serdeable;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * One gateway request as recorded for accounting.
 *
 * @param firstTokenMs time to the first content byte for streams, {@code null} otherwise
 */
@Serdeable
public record UsageRecord(
    String requestId,
    long apiKeyId,
    long userId,
    @Nullable Long accountId,
    long groupId,
    String model,
    long inputTokens,
    long outputTokens,
    int statusCode,
    boolean stream,
    long durationMs,
    @Nullable Long firstTokenMs,
    Instant createdAt) {}
