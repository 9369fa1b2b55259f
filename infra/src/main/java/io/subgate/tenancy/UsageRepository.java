package io.subgate.tenancy;

import java.util.List;

/** Append-only usage log. Thread-safe. */
public interface UsageRepository {

  void append(UsageRecord record);

  /** The most recent records of a key, newest first. */
  List<UsageRecord> recentForKey(long apiKeyId, int limit);
}
