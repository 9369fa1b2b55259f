package io.subgate.adapter.jdbc;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.GeneratedValue;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import java.time.Instant;

/** Row of {@code users}. */
@MappedEntity("users")
public record UserRow(
    @Id @GeneratedValue @Nullable Long id,
    String name,
    int concurrency,
    boolean active,
    Instant createdAt) {}
