package io.subgate.adapter.jdbc;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.GeneratedValue;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import java.time.Instant;

/** Row of {@code api_keys}; only the hash of the key. */
@MappedEntity("api_keys")
public record ApiKeyRow(
    @Id @GeneratedValue @Nullable Long id,
    long userId,
    long groupId,
    String name,
    String keyHash,
    String prefix,
    boolean active,
    Instant createdAt,
    @Nullable Instant expiresAt,
    int requestsPerMinute,
    long tokensPerDay,
    @Nullable Instant lastUsedAt) {}
