package io.subgate.tenancy;

import java.time.Instant;
import java.util.List;

/** Append-only usage log. Thread-safe. */
public interface UsageRepository {

  void append(UsageRecord record);

  /** Appends several records in one batch (one round trip where the backend allows). */
  default void appendAll(List<UsageRecord> records) {
    records.forEach(this::append);
  }

  /** The most recent records of a key, newest first. */
  List<UsageRecord> recentForKey(long apiKeyId, int limit);

  /** Deletes at most {@code limit} of the oldest records made before {@code cutoff}; how many. */
  int purgeBefore(Instant cutoff, int limit);
}
