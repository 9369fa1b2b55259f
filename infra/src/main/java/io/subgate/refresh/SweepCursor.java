package io.subgate.refresh;

/**
 * Where the refresh sweep resumes when a run ran out of time. Shared by overlapping runs; the last
 * writer wins, which at worst makes a run revisit accounts (harmless: refreshing is idempotent
 * under the lock and the version check).
 */
public interface SweepCursor {

  /** The last account id taken up by an unfinished run, or 0 to start from the beginning. */
  long load();

  void save(long lastId);
}
