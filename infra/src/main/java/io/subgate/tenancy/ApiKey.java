package io.subgate.tenancy;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

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
    Instant createdAt,
    @Nullable Instant expiresAt,
    int requestsPerMinute,
    long tokensPerDay,
    @Nullable Instant lastUsedAt) {

  /** Whether the key may be used at {@code now}: active and not expired. */
  public boolean usableAt(Instant now) {
    return active && (expiresAt == null || expiresAt.isAfter(now));
  }
}
