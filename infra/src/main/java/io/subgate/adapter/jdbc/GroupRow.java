package io.subgate.adapter.jdbc;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.GeneratedValue;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import java.time.Instant;

/** Row of {@code account_groups}. */
@MappedEntity("account_groups")
public record GroupRow(
    @Id @GeneratedValue @Nullable Long id, String name, String platform, Instant createdAt) {}
