package io.subgate.routing;

import java.time.Duration;
import java.util.Optional;

/**
 * Session → account bindings, so one conversation stays on one account (prompt caches stay warm). A
 * read that finds a binding also extends it by {@code ttl}, in one round trip. Thread-safe and
 * shared by every gateway process.
 */
public interface StickySessions {

  /** The bound account, extending the binding's life to {@code ttl}. */
  Optional<Long> getAndTouch(long groupId, String sessionHash, Duration ttl);

  void bind(long groupId, String sessionHash, long accountId, Duration ttl);

  void drop(long groupId, String sessionHash);

  /**
   * Unbinds every session of every group that is bound to {@code accountId} (the account was
   * deleted); how many there were. An operator's action, never on the request path.
   */
  int dropAccount(long accountId);
}
