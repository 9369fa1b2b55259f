package io.subgate.tenancy;

import java.util.Optional;
import java.util.function.Consumer;

/**
 * Tells every gateway process that client keys stopped (a key revoked, a user disabled), so each
 * drops its cached answers at once instead of at the end of the auth cache TTL.
 *
 * <p>Delivery is best effort: a process that does not hear (not subscribed yet, a frozen Lambda
 * instance, Redis down) still stops accepting the key when its cache entry expires ({@code
 * subgate.auth.cache-ttl}, 15 s). Implementations are thread-safe.
 */
public interface KeyRevocations {

  /** Announces that the key with {@code keyHash} stopped; empty: every key may have. */
  void announce(Optional<String> keyHash);

  /** Calls {@code listener} for every announcement, this process's own included. */
  void listen(Consumer<Optional<String>> listener);
}
