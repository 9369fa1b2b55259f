package io.subgate.gateway.dialect;

import io.micronaut.json.JsonMapper;
import io.subgate.account.Account;
import io.subgate.account.AccountType;
import io.subgate.account.Platform;
import io.subgate.account.StaticKeyCredentials;
import io.subgate.config.PlatformEndpoints;
import io.subgate.gateway.protocol.ClientIdentity;
import io.subgate.gateway.protocol.GeminiNative;
import io.subgate.gateway.protocol.InboundProtocol;
import io.subgate.gateway.protocol.ProxyRequest;
import io.subgate.gateway.protocol.Route;
import io.subgate.token.CachedToken;
import jakarta.inject.Singleton;
import java.net.URI;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Gemini API keys (AI Studio) and Gemini-compatible relays (upstream-dialects §3.3): {@code
 * {base}/v1beta/models/{model}:{method}} (base {@code https://generativelanguage.googleapis.com}
 * unless the account names its own), the key in {@code x-goog-api-key} — never as a Bearer token —,
 * {@code ?alt=sse} for streams; any client of Gemini's public API.
 */
@Singleton
final class GeminiKeyDialect extends GoogleDialect {

  GeminiKeyDialect(PlatformEndpoints endpoints, JsonMapper json, Clock clock) {
    super(endpoints, json, clock);
  }

  @Override
  public String name() {
    return "gemini-apikey";
  }

  @Override
  public Platform platform() {
    return Platform.GEMINI;
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
    // Chat Completions, Messages and Responses converted: a key serves any client.
    return route.protocol() == GeminiNative.INSTANCE
            || route == Route.CHAT_COMPLETIONS
            || route == Route.MESSAGES
            || route == Route.RESPONSES
        ? Optional.of(GeminiNative.INSTANCE)
        : Optional.empty();
  }

  @Override
  public UpstreamCall prepare(ProxyRequest request, Account account, CachedToken token) {
    Map<String, String> headers = headers(request);
    headers.put("x-goog-api-key", token.accessToken());
    String base = endpoints.of(Platform.GEMINI).apiBaseUrl();
    if (account.credentials() instanceof StaticKeyCredentials key && key.baseUrl() != null) {
      base = String.valueOf(key.baseUrl()).replaceAll("/+$", "");
    }
    String models = base.endsWith("/v1beta") ? base + "/models/" : base + "/v1beta/models/";
    return new UpstreamCall(
        URI.create(
            models
                + account.mapping().upstreamName(request.model())
                + ":"
                + request.route().action()
                + sse(request)),
        headers,
        request.body());
  }
}
