package io.subgate.gateway.dialect;

import io.micronaut.json.JsonMapper;
import io.subgate.account.Account;
import io.subgate.account.AccountType;
import io.subgate.config.PlatformEndpoints;
import io.subgate.gateway.protocol.ClientIdentity;
import io.subgate.gateway.proxy.ProxyRequest;
import io.subgate.token.CachedToken;
import jakarta.inject.Singleton;
import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Anthropic API keys and Anthropic-shaped relays: {@code x-api-key}, the client's path and query,
 * its betas; any client.
 */
@Singleton
final class AnthropicKeyDialect extends AnthropicDialect {

  AnthropicKeyDialect(PlatformEndpoints endpoints, JsonMapper json, Clock clock) {
    super(endpoints, json, clock);
  }

  @Override
  public String name() {
    return "anthropic-apikey";
  }

  @Override
  public Set<AccountType> accountTypes() {
    return Set.of(AccountType.APIKEY, AccountType.UPSTREAM);
  }

  @Override
  public ClientIdentity client() {
    return ClientIdentity.OTHER;
  }

  @Override
  public UpstreamCall prepare(ProxyRequest request, Account account, CachedToken token) {
    Map<String, String> headers = clientHeaders(request);
    List<String> betas = clientBetas(request);
    if (!betas.isEmpty()) {
      headers.put("anthropic-beta", String.join(",", betas));
    }
    headers.put("x-api-key", token.accessToken());
    return new UpstreamCall(
        URI.create(withQuery(keyUrl(account, request.route().path()), request.query())),
        headers,
        request.body());
  }
}
