package io.subgate.tenancy;

import java.util.Collection;
import java.util.Map;

/**
 * The limits of keys, users and groups.
 *
 * <p>Contract: {@link #find} answers every owner asked for ({@link Limits#NONE} for one never set
 * or set to none) in one read; {@link #put} replaces an owner's limits. Thread-safe.
 */
public interface LimitRepository {
  Map<Owner, Limits> find(Collection<Owner> owners);

  void put(Owner owner, Limits limits);
}
