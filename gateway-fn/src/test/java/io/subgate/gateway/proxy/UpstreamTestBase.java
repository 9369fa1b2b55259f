package io.subgate.gateway.proxy;

import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.support.TestPropertyProvider;
import io.subgate.account.AccountRepository;
import io.subgate.gateway.GatewayTestProperties;
import io.subgate.tenancy.ApiKeyRepository;
import io.subgate.tenancy.GroupRepository;
import io.subgate.tenancy.UserRepository;
import io.subgate.testing.StubLlmUpstream;
import jakarta.inject.Inject;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.TestInstance;

/**
 * What the request-path tests share: the gateway on PostgreSQL and Redis with every platform's API
 * pointed at one stub upstream, the repositories to seed it, and {@link Pools}. Subclasses carry
 * {@code @MicronautTest(transactional = false)} and add their own settings.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class UpstreamTestBase implements TestPropertyProvider {
  protected final StubLlmUpstream upstream = StubUpstreams.start();

  @Inject EmbeddedServer server;
  @Inject AccountRepository accounts;
  @Inject GroupRepository groups;
  @Inject UserRepository users;
  @Inject ApiKeyRepository keys;

  /** Settings of this test on top of the shared ones. */
  protected void configure(Map<String, String> properties) {}

  @Override
  public final Map<String, String> getProperties() {
    Map<String, String> p = GatewayTestProperties.sharedServices();
    p.put("subgate.platforms.anthropic.api-base-url", upstream.baseUrl());
    p.put("subgate.platforms.openai.api-base-url", upstream.baseUrl());
    configure(p);
    return p;
  }

  protected Pools pools() {
    return new Pools(accounts, groups, users, keys);
  }

  @AfterAll
  void stopUpstream() {
    upstream.close();
  }
}
