package io.subgate.tenancy;

import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** The record of every operator change. Append-only; thread-safe. */
public interface AuditLog {

  /**
   * One change.
   *
   * @param actor who made it (the admin token's id, never the token)
   * @param action what was done, e.g. {@code account.disable}
   * @param target what it was done to, e.g. {@code account:12}
   * @param before the target's state before, as JSON without secrets; null when it did not exist
   * @param after its state after; null when it is gone
   */
  record Entry(
      long id,
      String actor,
      String action,
      String target,
      @Nullable String before,
      @Nullable String after,
      Instant at) {}

  void record(
      String actor, String action, String target, @Nullable String before, @Nullable String after);

  /** Entries with ids below {@code beforeId}, newest first. */
  List<Entry> recent(long beforeId, int limit);

  /** Deletes at most {@code limit} of the oldest entries made before {@code cutoff}; how many. */
  int purgeBefore(Instant cutoff, int limit);
}
