package io.subgate.adapter.jdbc;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.GeneratedValue;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import java.math.BigDecimal;
import java.time.Instant;

/**
 * Row of {@code account_groups}: {@code platform} holds comma-separated wire names, the mappings
 * JSON objects.
 */
@MappedEntity("account_groups")
public record GroupRow(
    @Id @GeneratedValue @Nullable Long id,
    String name,
    String platform,
    Instant createdAt,
    @Nullable String modelMapping,
    @Nullable String defaultModels,
    @Nullable Long fallbackGroupId,
    long settingsVersion,
    @Nullable BigDecimal rateMultiplier) {}
