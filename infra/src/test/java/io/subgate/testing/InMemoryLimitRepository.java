package io.subgate.testing;

import io.subgate.tenancy.LimitRepository;
import io.subgate.tenancy.Limits;
import io.subgate.tenancy.Owner;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** {@link LimitRepository} in a map, for unit tests. */
public final class InMemoryLimitRepository implements LimitRepository {
  private final Map<Owner, Limits> limits = new ConcurrentHashMap<>();

  @Override
  public Map<Owner, Limits> find(Collection<Owner> owners) {
    Map<Owner, Limits> out = new HashMap<>();
    owners.forEach(o -> out.put(o, limits.getOrDefault(o, Limits.NONE)));
    return out;
  }

  @Override
  public void put(Owner owner, Limits set) {
    if (set.isEmpty()) {
      limits.remove(owner);
    } else {
      limits.put(owner, set);
    }
  }
}
