package io.subgate.gateway.dialect;

import io.micronaut.json.JsonMapper;
import io.subgate.account.Account;
import io.subgate.account.Platform;
import io.subgate.config.PlatformEndpoints;
import io.subgate.gateway.protocol.AnthropicMessages;
import io.subgate.gateway.protocol.InboundProtocol;
import io.subgate.gateway.protocol.ProxyRequest;
import io.subgate.gateway.protocol.Route;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The Anthropic Messages API, for both account kinds: the client's headers from one allow-list
 * (upstream-dialects §1.3), never its own credentials; the body as the client sent it.
 */
abstract class AnthropicDialect extends HttpDialect {
  static final String VERSION = "2023-06-01";
  static final List<String> CLIENT_HEADERS =
      List.of(
          "accept",
          "anthropic-dangerous-direct-browser-access",
          "anthropic-version",
          "x-app",
          "accept-language",
          "sec-fetch-mode",
          "user-agent",
          "x-claude-code-session-id",
          "x-client-request-id");

  AnthropicDialect(PlatformEndpoints endpoints, JsonMapper json, Clock clock) {
    super(endpoints, json, clock);
  }

  @Override
  public Platform platform() {
    return Platform.ANTHROPIC;
  }

  @Override
  public Optional<InboundProtocol> speaks(Route route) {
    return route == Route.MESSAGES || route == Route.COUNT_TOKENS
        ? Optional.of(AnthropicMessages.INSTANCE)
        : Optional.empty();
  }

  @Override
  public UpstreamEvents events(Route route) {
    return new AnthropicEvents(json);
  }

  /**
   * The client's request as it is, to the account's key URL (its {@code base_url} when it has one),
   * with its betas and the key headers {@code auth}.
   */
  UpstreamCall keyCall(ProxyRequest request, Account account, Map<String, String> auth) {
    Map<String, String> headers = clientHeaders(request);
    List<String> betas = clientBetas(request);
    if (!betas.isEmpty()) {
      headers.put("anthropic-beta", String.join(",", betas));
    }
    headers.putAll(auth);
    return new UpstreamCall(
        URI.create(withQuery(keyUrl(account, request.route().path()), request.query())),
        headers,
        bodyFor(request, account));
  }

  /** The relayed client headers with {@code anthropic-version} filled in when absent. */
  static Map<String, String> clientHeaders(ProxyRequest request) {
    Map<String, String> headers = allowed(request.headers(), CLIENT_HEADERS);
    headers.putIfAbsent("anthropic-version", VERSION);
    return headers;
  }

  /** The client's {@code anthropic-beta} list, trimmed and without repeats. */
  static List<String> clientBetas(ProxyRequest request) {
    Set<String> betas = new LinkedHashSet<>();
    for (String beta : request.header("anthropic-beta").split(",")) {
      if (!beta.isBlank()) {
        betas.add(beta.trim());
      }
    }
    return new ArrayList<>(betas);
  }
}
