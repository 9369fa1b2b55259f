package io.subgate.testing;

import io.subgate.account.DuplicateNameException;
import io.subgate.egress.EgressProxy;
import io.subgate.egress.ProxyRepository;
import io.subgate.egress.ProxySpec;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** {@link ProxyRepository} in memory, for unit tests; held to the same contract as JDBC. */
public final class InMemoryProxyRepository implements ProxyRepository {
  private final Map<Long, EgressProxy> proxies = new TreeMap<>();
  private final Clock clock;
  private long next = 1;

  public InMemoryProxyRepository(Clock clock) {
    this.clock = clock;
  }

  @Override
  public synchronized EgressProxy create(ProxySpec spec) {
    taken(spec, 0);
    EgressProxy p = new EgressProxy(next++, spec, 1, clock.instant());
    proxies.put(p.id(), p);
    return p;
  }

  @Override
  public synchronized Optional<EgressProxy> findById(long id) {
    return Optional.ofNullable(proxies.get(id));
  }

  @Override
  public synchronized List<EgressProxy> all() {
    return new ArrayList<>(proxies.values());
  }

  @Override
  public synchronized boolean update(long id, long expectedVersion, ProxySpec spec) {
    EgressProxy p = proxies.get(id);
    if (p == null || p.version() != expectedVersion) {
      return false;
    }
    taken(spec, id);
    proxies.put(id, new EgressProxy(id, spec, p.version() + 1, p.createdAt()));
    return true;
  }

  @Override
  public synchronized boolean delete(long id) {
    return proxies.remove(id) != null;
  }

  private void taken(ProxySpec spec, long self) {
    if (proxies.values().stream().anyMatch(p -> p.id() != self && p.name().equals(spec.name()))) {
      throw new DuplicateNameException("proxy", spec.name());
    }
  }
}
