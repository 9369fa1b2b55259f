package io.subgate.adapter.jdbc;

import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import java.time.Instant;

/** Row of {@code sweep_cursors}. */
@MappedEntity("sweep_cursors")
public record SweepCursorRow(@Id String name, long lastId, Instant updatedAt) {}
