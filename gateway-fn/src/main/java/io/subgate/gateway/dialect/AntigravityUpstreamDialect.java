package io.subgate.gateway.dialect;

import io.micronaut.json.JsonMapper;
import io.subgate.account.Account;
import io.subgate.account.AccountType;
import io.subgate.account.Platform;
import io.subgate.config.PlatformEndpoints;
import io.subgate.gateway.protocol.ClientIdentity;
import io.subgate.gateway.protocol.ProxyRequest;
import io.subgate.token.CachedToken;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.Map;
import java.util.Set;

/**
 * Antigravity {@code upstream} accounts (upstream-dialects §4.9): another Anthropic-compatible
 * relay in front of Antigravity, at the account's {@code base_url}, with its key sent both as
 * {@code Authorization: Bearer} and as {@code x-api-key}; the client's Anthropic request, version
 * and betas relayed as they are. A key to a relay, not a subscription: any client.
 */
@Singleton
final class AntigravityUpstreamDialect extends AnthropicDialect {

  AntigravityUpstreamDialect(PlatformEndpoints endpoints, JsonMapper json, Clock clock) {
    super(endpoints, json, clock);
  }

  @Override
  public String name() {
    return "antigravity-upstream";
  }

  @Override
  public Platform platform() {
    return Platform.ANTIGRAVITY;
  }

  @Override
  public Set<AccountType> accountTypes() {
    return Set.of(AccountType.UPSTREAM);
  }

  @Override
  public ClientIdentity client() {
    return ClientIdentity.OTHER;
  }

  @Override
  public UpstreamCall prepare(ProxyRequest request, Account account, CachedToken token) {
    return keyCall(
        request,
        account,
        Map.of("authorization", "Bearer " + token.accessToken(), "x-api-key", token.accessToken()));
  }
}
