package io.subgate.egress;

import io.subgate.testing.InMemoryProxyRepository;
import java.time.Clock;

class InMemoryProxyRepositoryTest extends ProxyRepositoryContract {
  private final ProxyRepository proxies = new InMemoryProxyRepository(Clock.systemUTC());

  @Override
  protected ProxyRepository proxies() {
    return proxies;
  }
}
