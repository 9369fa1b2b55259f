package io.subgate.gateway.dialect;

import io.micronaut.json.JsonMapper;
import io.subgate.account.Account;
import io.subgate.account.AccountType;
import io.subgate.config.PlatformEndpoints;
import io.subgate.gateway.protocol.ClientIdentity;
import io.subgate.gateway.protocol.InboundProtocol;
import io.subgate.gateway.protocol.OpenAiChat;
import io.subgate.gateway.protocol.OpenAiResponses;
import io.subgate.gateway.protocol.ProxyRequest;
import io.subgate.gateway.protocol.Route;
import io.subgate.token.CachedToken;
import jakarta.inject.Singleton;
import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * OpenAI API keys and OpenAI-compatible relays: {@code {base}/v1/chat/completions} and {@code
 * {base}/v1/responses} (base {@code https://api.openai.com} unless the account names its own; a
 * base already ending in a version segment gets no second one), Bearer auth; any client.
 */
@Singleton
final class OpenAiKeyDialect extends OpenAiDialect {
  static final List<String> CLIENT_HEADERS =
      List.of("accept", "accept-language", "user-agent", "openai-beta");

  OpenAiKeyDialect(PlatformEndpoints endpoints, JsonMapper json, Clock clock) {
    super(endpoints, json, clock);
  }

  @Override
  public String name() {
    return "openai-apikey";
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
  public Optional<InboundProtocol> speaks(Route route) {
    switch (route) {
      case CHAT_COMPLETIONS:
        return Optional.of(OpenAiChat.INSTANCE);
      case RESPONSES:
        return Optional.of(OpenAiResponses.INSTANCE);
      case MESSAGES:
      case GEMINI_GENERATE:
      case GEMINI_STREAM:
        // A Messages client (the Anthropic SDKs) or a Gemini client converted: a key serves any
        // client.
        return Optional.of(OpenAiChat.INSTANCE);
      default:
        return Optional.empty();
    }
  }

  @Override
  public UpstreamCall prepare(ProxyRequest request, Account account, CachedToken token) {
    Map<String, String> headers = allowed(request.headers(), CLIENT_HEADERS);
    headers.put("authorization", "Bearer " + token.accessToken());
    return new UpstreamCall(
        URI.create(keyUrl(account, request.route().path())), headers, bodyFor(request, account));
  }
}
