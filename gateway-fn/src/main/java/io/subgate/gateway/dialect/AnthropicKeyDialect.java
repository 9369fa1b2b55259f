package io.subgate.gateway.dialect;

import io.micronaut.json.JsonMapper;
import io.subgate.account.Account;
import io.subgate.account.AccountType;
import io.subgate.config.PlatformEndpoints;
import io.subgate.gateway.protocol.AnthropicMessages;
import io.subgate.gateway.protocol.ClientIdentity;
import io.subgate.gateway.protocol.InboundProtocol;
import io.subgate.gateway.protocol.ProxyRequest;
import io.subgate.gateway.protocol.Route;
import io.subgate.token.CachedToken;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
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

  /**
   * Messages and token counting as they are, and Chat Completions and Responses converted (a key
   * serves any client; a subscription never serves a converted request).
   */
  @Override
  public Optional<InboundProtocol> speaks(Route route) {
    // Chat Completions, Responses and Gemini's generateContent converted: a key serves any client.
    return route == Route.CHAT_COMPLETIONS
            || route == Route.RESPONSES
            || route == Route.GEMINI_GENERATE
            || route == Route.GEMINI_STREAM
        ? Optional.of(AnthropicMessages.INSTANCE)
        : super.speaks(route);
  }

  @Override
  public UpstreamCall prepare(ProxyRequest request, Account account, CachedToken token) {
    return keyCall(request, account, Map.of("x-api-key", token.accessToken()));
  }
}
