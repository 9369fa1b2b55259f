package io.subgate.gateway.dialect;

import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import io.subgate.account.Account;
import io.subgate.account.AccountType;
import io.subgate.account.OAuthCredentials;
import io.subgate.account.Platform;
import io.subgate.account.QuotaWindow;
import io.subgate.config.PlatformEndpoints;
import io.subgate.gateway.protocol.ClientIdentity;
import io.subgate.gateway.protocol.GatewayException;
import io.subgate.gateway.protocol.InboundProtocol;
import io.subgate.gateway.protocol.OpenAiResponses;
import io.subgate.gateway.protocol.ProxyRequest;
import io.subgate.gateway.protocol.Route;
import io.subgate.token.CachedToken;
import jakarta.inject.Singleton;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * ChatGPT subscriptions through the Codex backend, for Codex clients only (upstream-dialects
 * §2.1–§2.3, §2.6): {@code {codex base}/responses}, Bearer auth, the account's {@code
 * chatgpt-account-id}, and every header of the client's own ({@link #clientsOwn}: {@code
 * originator}, {@code User-Agent}, {@code version} — when absent, the version its User-Agent states
 * —, session, thread, window, request-id and {@code x-codex-*} headers in whatever spelling the
 * client version uses). The backend serves streamed, unstored responses only: {@code store} is set
 * to false when absent, and {@code stream: false}, {@code store: true} or a parameter it refuses
 * are answered with a 400 naming the field, without an upstream call. The usage windows of every
 * answer are read; a 429 parks the account until the window that is used up resets.
 */
@Singleton
final class CodexOAuthDialect extends OpenAiDialect {
  static final List<String> UNSUPPORTED =
      List.of(
          "max_output_tokens",
          "max_completion_tokens",
          "temperature",
          "top_p",
          "frequency_penalty",
          "presence_penalty",
          "user",
          "metadata",
          "prompt_cache_retention",
          "safety_identifier",
          "stream_options");
  private static final byte[] STORE_FALSE = "\"store\":false,".getBytes(StandardCharsets.UTF_8);

  CodexOAuthDialect(PlatformEndpoints endpoints, JsonMapper json, Clock clock) {
    super(endpoints, json, clock);
  }

  @Override
  public String name() {
    return "codex-oauth";
  }

  @Override
  public Set<AccountType> accountTypes() {
    return Set.of(AccountType.OAUTH);
  }

  @Override
  public ClientIdentity client() {
    return ClientIdentity.CODEX;
  }

  @Override
  public Optional<InboundProtocol> speaks(Route route) {
    return route == Route.RESPONSES ? Optional.of(OpenAiResponses.INSTANCE) : Optional.empty();
  }

  @Override
  public Optional<String> unusable(Account account) {
    return accountId(account) == null
        ? Optional.of("it has no ChatGPT account id (credentials.upstream_account_id)")
        : Optional.empty();
  }

  @Override
  public UpstreamCall prepare(ProxyRequest request, Account account, CachedToken token) {
    if (!request.stream()) {
      throw new GatewayException(
          400, "stream: the Codex backend answers only streams; send \"stream\": true");
    }
    JsonNode body = request.json();
    for (String field : UNSUPPORTED) {
      if (body.get(field) != null) {
        throw new GatewayException(400, field + ": not supported by the Codex backend");
      }
    }
    JsonNode store = body.get("store");
    if (store != null && !(store.isBoolean() && !store.getBooleanValue())) {
      throw new GatewayException(
          400, "store: the Codex backend keeps no responses; send \"store\": false");
    }
    Map<String, String> headers = clientsOwn(request.headers());
    if (!headers.containsKey("version")) {
      // The CLI sends `version` only to its built-in provider; the backend wants the version its
      // User-Agent already states, so that statement is carried over, never a version of our own.
      statedVersion(request.header("user-agent")).ifPresent(v -> headers.put("version", v));
    }
    headers.put("accept", "text/event-stream");
    headers.put("authorization", "Bearer " + token.accessToken());
    headers.put("chatgpt-account-id", String.valueOf(accountId(account)));
    String base = endpoints.of(Platform.OPENAI).oauthApiBaseUrl();
    return new UpstreamCall(
        URI.create(base + "/responses"),
        headers,
        store == null ? withStoreFalse(request.body()) : request.body());
  }

  @Override
  public List<QuotaWindow> quota(UpstreamAnswer answer) {
    return CodexQuota.read(answer, clock.instant());
  }

  @Override
  protected @Nullable Duration resetAfter(UpstreamAnswer answer, byte[] body) {
    if (answer.status() == 429) {
      Duration window = QuotaHeaders.exhaustedUntil(quota(answer), clock.instant());
      if (window != null) {
        return window;
      }
      // A burst limit: only Retry-After, if the backend gave one; else the burst cooldown.
      return ResetHints.retryAfter(answer.header("retry-after").orElse(null), clock.instant());
    }
    return super.resetAfter(answer, body);
  }

  /** The version in a Codex User-Agent's product token ({@code codex_exec/0.171.0 (…)}). */
  static Optional<String> statedVersion(String userAgent) {
    int slash = userAgent.indexOf('/');
    if (slash < 0) {
      return Optional.empty();
    }
    int end = slash + 1;
    while (end < userAgent.length() && VERSION_CHARS.indexOf(userAgent.charAt(end)) >= 0) {
      end++;
    }
    return end > slash + 1 && Character.isDigit(userAgent.charAt(slash + 1))
        ? Optional.of(userAgent.substring(slash + 1, end))
        : Optional.empty();
  }

  private static final String VERSION_CHARS =
      "0123456789.-+abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";

  private static @Nullable String accountId(Account account) {
    return account.credentials() instanceof OAuthCredentials oauth
            && oauth.upstreamAccountId() != null
            && !String.valueOf(oauth.upstreamAccountId()).isBlank()
        ? oauth.upstreamAccountId()
        : null;
  }

  /** The body with {@code "store":false} as its first member (the body is a non-empty object). */
  private static byte[] withStoreFalse(byte[] body) {
    int open = 0;
    while (open < body.length && body[open] != '{') {
      open++;
    }
    byte[] out = new byte[body.length + STORE_FALSE.length];
    System.arraycopy(body, 0, out, 0, open + 1);
    System.arraycopy(STORE_FALSE, 0, out, open + 1, STORE_FALSE.length);
    System.arraycopy(body, open + 1, out, open + 1 + STORE_FALSE.length, body.length - open - 1);
    return out;
  }
}
