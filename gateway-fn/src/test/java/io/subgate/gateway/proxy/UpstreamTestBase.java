package io.subgate.gateway.proxy;

import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.support.TestPropertyProvider;
import io.subgate.account.AccountRepository;
import io.subgate.gateway.GatewayTestProperties;
import io.subgate.gateway.Http;
import io.subgate.tenancy.ApiKeyRepository;
import io.subgate.tenancy.GroupRepository;
import io.subgate.tenancy.UserRepository;
import io.subgate.testing.StubLlmUpstream;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.TestInstance;

/**
 * What the request-path tests share: the gateway on PostgreSQL and Redis with every platform's API
 * pointed at one stub upstream that refuses what the real providers refuse ({@link ProviderRules}),
 * the repositories to seed it, and {@link Pools}. Subclasses carry
 * {@code @MicronautTest(transactional = false)} and add their own settings.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class UpstreamTestBase implements TestPropertyProvider {
  /** What the real providers refuse, enforced by the stub for every request-path test. */
  protected final ProviderRules rules = new ProviderRules();

  protected final StubLlmUpstream upstream = StubUpstreams.start().rules(rules);

  @Inject EmbeddedServer server;
  @Inject AccountRepository accounts;
  @Inject GroupRepository groups;
  @Inject UserRepository users;
  @Inject ApiKeyRepository keys;
  @Inject JsonMapper json;
  private @Nullable BothGateways both;

  /**
   * The gateway's base URLs on Netty, behind the buffered Lambda handler and behind the streaming
   * function (the last two started on first use, on the same settings), for tests that run the same
   * client against every deployment.
   */
  protected List<String> gateways() throws Exception {
    if (both == null) {
      both = new BothGateways(getProperties(), json);
    }
    return both.urls(server);
  }

  /** Settings of this test on top of the shared ones. */
  protected void configure(Map<String, String> properties) {}

  private @Nullable Map<String, String> properties;

  /** The settings, made once: a second context (the Lambda handler) shares the same services. */
  @Override
  public final synchronized Map<String, String> getProperties() {
    if (properties != null) {
      return properties;
    }
    Map<String, String> p = GatewayTestProperties.sharedServices();
    p.put("subgate.platforms.anthropic.api-base-url", upstream.baseUrl());
    p.put("subgate.platforms.openai.api-base-url", upstream.baseUrl());
    p.put("subgate.platforms.openai.oauth-api-base-url", upstream.baseUrl() + "/backend-api/codex");
    p.put("aws.region", "us-east-1");
    configure(p);
    properties = p;
    return p;
  }

  /** The admin API of the Netty gateway, with the admin token. */
  protected Http admin() {
    return new Http(server.getURI(), GatewayTestProperties.ADMIN_TOKEN);
  }

  /** A JSON answer's tree; an answer that is not JSON fails the test, showing it. */
  protected JsonNode tree(String text) {
    try {
      return json.readValue(text, JsonNode.class);
    } catch (java.io.IOException e) {
      throw new AssertionError(text, e);
    }
  }

  /** PATCHes {@code account} with {@code fields} (a JSON object's members) at its version. */
  protected JsonNode patchAccount(io.subgate.account.Account account, String fields) {
    long version =
        tree(admin().get("/admin/accounts/" + account.id()).body()).get("version").getLongValue();
    java.net.http.HttpResponse<String> r =
        admin()
            .send(
                "PATCH",
                "/admin/accounts/" + account.id(),
                "{\"version\":" + version + "," + fields + "}");
    org.junit.jupiter.api.Assertions.assertEquals(200, r.statusCode(), r.body());
    return tree(r.body());
  }

  /** A URL's query parameters, decoded. */
  protected static Map<String, String> query(String url) {
    Map<String, String> out = new java.util.HashMap<>();
    for (String pair : java.net.URI.create(url).getRawQuery().split("&")) {
      int eq = pair.indexOf('=');
      out.put(
          pair.substring(0, eq),
          java.net.URLDecoder.decode(
              pair.substring(eq + 1), java.nio.charset.StandardCharsets.UTF_8));
    }
    return out;
  }

  protected Pools pools() {
    return new Pools(accounts, groups, users, keys);
  }

  @AfterAll
  void stopUpstream() {
    if (both != null) {
      both.close();
    }
    upstream.close();
  }
}
