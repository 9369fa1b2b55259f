package io.subgate.egress;

import java.util.List;
import java.util.Optional;

/**
 * Egress proxies. Passwords are stored encrypted (AES-GCM, bound to the proxy's id) and returned
 * decrypted.
 *
 * <p>Contract: names are unique ({@link io.subgate.account.DuplicateNameException}); an update
 * applies only at the expected version and increments it; a deleted proxy is gone. Thread-safe.
 */
public interface ProxyRepository {

  EgressProxy create(ProxySpec spec);

  Optional<EgressProxy> findById(long id);

  /** Every proxy, by id. */
  List<EgressProxy> all();

  /** Replaces the spec if the proxy is at {@code expectedVersion}; false when it is not. */
  boolean update(long id, long expectedVersion, ProxySpec next);

  /** False when there was no such proxy. */
  boolean delete(long id);
}
