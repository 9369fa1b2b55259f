package io.subgate.gateway.dialect;

import io.micronaut.json.JsonMapper;
import io.subgate.account.Account;
import io.subgate.account.AccountType;
import io.subgate.account.Platform;
import io.subgate.config.PlatformEndpoints;
import io.subgate.gateway.protocol.AnthropicMessages;
import io.subgate.gateway.protocol.ClientIdentity;
import io.subgate.gateway.protocol.CodeAssistEnvelope;
import io.subgate.gateway.protocol.GeminiNative;
import io.subgate.gateway.protocol.InboundProtocol;
import io.subgate.gateway.protocol.OpenAiChat;
import io.subgate.gateway.protocol.OpenAiResponses;
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
 * Gemini Code Assist subscriptions (the Gemini CLI's OAuth; upstream-dialects §3.1–§3.2): {@code
 * {base}/v1internal:{method}} with the account's Bearer token and project. Gemini's public API (any
 * client) is wrapped as {@code {model, project, request}} and the {@code response} wrapper is
 * removed on the way back (a non-streamed request goes as a stream and comes back collected into
 * one response); the Gemini CLI's own envelope is relayed with the account's project in place of
 * the client's. The client's user agent is passed through, never replaced.
 */
@Singleton
final class CodeAssistDialect extends GoogleDialect {

  CodeAssistDialect(PlatformEndpoints endpoints, JsonMapper json, Clock clock) {
    super(endpoints, json, clock);
  }

  @Override
  public String name() {
    return "gemini-code-assist";
  }

  @Override
  public Platform platform() {
    return Platform.GEMINI;
  }

  @Override
  public Set<AccountType> accountTypes() {
    return Set.of(AccountType.OAUTH);
  }

  @Override
  public ClientIdentity client() {
    return ClientIdentity.GEMINI_CLI;
  }

  /**
   * The Gemini CLI's own envelope comes from the CLI; Gemini's public API, and Chat Completions,
   * Messages and Responses converted to it, from any client (the gateway builds the envelope,
   * claiming no client).
   */
  @Override
  public ClientIdentity client(Route route) {
    return route.protocol() == CodeAssistEnvelope.INSTANCE ? client() : ClientIdentity.OTHER;
  }

  @Override
  public Optional<InboundProtocol> speaks(Route route) {
    InboundProtocol p = route.protocol();
    return p == GeminiNative.INSTANCE
            || p == CodeAssistEnvelope.INSTANCE
            || p == OpenAiChat.INSTANCE
            || p == AnthropicMessages.INSTANCE
            || p == OpenAiResponses.INSTANCE
        ? Optional.of(CodeAssistEnvelope.INSTANCE)
        : Optional.empty();
  }

  @Override
  public UpstreamCall prepare(ProxyRequest request, Account account, CachedToken token) {
    String project = String.valueOf(projectOf(account));
    Map<String, String> headers = headers(request);
    headers.put("authorization", "Bearer " + token.accessToken());
    byte[] body =
        request.route().protocol() == GeminiNative.INSTANCE
            ? envelope(request, project)
            : withProject(request, project);
    String base = endpoints.of(Platform.GEMINI).oauthApiBase();
    // Code Assist's non-streamed answer can come back empty: a Gemini client's non-streamed
    // request is sent as a stream and collected into one response (CodeAssistUnwrap).
    boolean collect = request.route() == Route.GEMINI_GENERATE;
    String path =
        "/v1internal:"
            + (collect ? "streamGenerateContent?alt=sse" : request.route().action() + sse(request));
    return new UpstreamCall(URI.create(base + path), headers, body);
  }
}
