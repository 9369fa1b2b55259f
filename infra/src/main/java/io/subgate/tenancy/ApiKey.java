package io.subgate.tenancy;

import java.time.Instant;

/**
 * A client API key. Only the SHA-256 hash of the plaintext is stored; {@code prefix} is a short
 * non-secret head for display.
 */
public record ApiKey(
    long id,
    long userId,
    long groupId,
    String name,
    String keyHash,
    String prefix,
    boolean active,
    Instant createdAt) {}
