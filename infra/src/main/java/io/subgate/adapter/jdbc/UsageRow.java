package io.subgate.adapter.jdbc;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.GeneratedValue;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import java.time.Instant;

/** Row of {@code usage_records}. */
@MappedEntity("usage_records")
public record UsageRow(
    @Id @GeneratedValue @Nullable Long id,
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
    Instant createdAt,
    long cacheCreationTokens,
    long cacheReadTokens,
    @Nullable String upstreamModel,
    @Nullable String clientProtocol,
    int attempt,
    int accountSwitches) {}
