package io.subgate.adapter.jdbc;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.GeneratedValue;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import java.math.BigDecimal;
import java.time.Instant;

/** Row of {@code accounts}; credentials only as ciphertext. */
@MappedEntity("accounts")
public record AccountRow(
    @Id @GeneratedValue @Nullable Long id,
    String name,
    String platform,
    String type,
    String status,
    @Nullable String errorMessage,
    boolean schedulable,
    int priority,
    int concurrency,
    @Nullable Instant rateLimitedUntil,
    @Nullable Instant overloadUntil,
    @Nullable Instant tempUnschedulableUntil,
    @Nullable String tempUnschedulableReason,
    @Nullable Instant lastUsedAt,
    String credentialsCiphertext,
    long credentialsVersion,
    @Nullable Instant tokenExpiresAt,
    Instant createdAt,
    @Nullable String models,
    @Nullable Integer lastUpstreamStatus,
    @Nullable String lastUpstreamKind,
    @Nullable Instant lastUpstreamFailureAt,
    @Nullable String quotaReport,
    @Nullable String modelCooldowns,
    long settingsVersion,
    @Nullable BigDecimal rateMultiplier,
    @Nullable Integer rpmLimit,
    @Nullable Integer sessionLimit,
    @Nullable Integer sessionIdleSeconds,
    @Nullable Instant endsAt,
    @Nullable Long proxyId) {}
