package io.subgate.adapter.jdbc;

import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import java.time.Instant;

/** Row of {@code pending_rotations}. */
@MappedEntity("pending_rotations")
public record PendingRotationRow(
    @Id long accountId, long baseVersion, String credentialsCiphertext, Instant createdAt) {}
