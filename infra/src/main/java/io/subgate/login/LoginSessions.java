package io.subgate.login;

import io.subgate.account.Platform;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The server-side half of an OAuth login: the PKCE verifier and redirect URI kept under the {@code
 * state} the provider hands back. A state is used once and only within its time to live.
 * Thread-safe; shared by every process (a login may start on one and finish on another).
 */
public interface LoginSessions {

  /** One login in progress. {@code kind} is {@code oauth} or {@code setup-token}. */
  record Session(
      String state,
      Platform platform,
      String kind,
      String verifier,
      String redirectUri,
      Instant createdAt) {}

  void save(Session session);

  /**
   * Takes the session of {@code state} if it exists, was never taken, and is younger than {@code
   * ttl} at {@code now}: at most one caller ever gets it.
   */
  Optional<Session> take(String state, Instant now, Duration ttl);

  /**
   * Deletes sessions created before {@code cutoff}, used or not, at most {@code limit} of them, the
   * oldest first; returns how many. Nothing younger is touched.
   */
  int purgeBefore(Instant cutoff, int limit);
}
