package io.subgate.tenancy;

import java.time.Instant;

/**
 * A client identity owning API keys.
 *
 * @param concurrency maximum simultaneous requests across all of the user's keys
 */
public record User(long id, String name, int concurrency, boolean active, Instant createdAt) {

  public static final int DEFAULT_CONCURRENCY = 5;
}
