package io.subgate.adapter.jdbc;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.GeneratedValue;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import io.micronaut.data.annotation.MappedProperty;
import java.math.BigDecimal;
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
    int accountSwitches,
    @MappedProperty("cache_creation_1h_tokens") long cacheCreation1hTokens,
    long reasoningTokens,
    @Nullable BigDecimal costUsd,
    @Nullable String priceVersion,
    @Nullable BigDecimal rateMultiplier) {}
