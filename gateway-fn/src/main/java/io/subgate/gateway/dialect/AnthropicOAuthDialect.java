package io.subgate.gateway.dialect;

import io.micronaut.json.JsonMapper;
import io.subgate.account.Account;
import io.subgate.account.AccountType;
import io.subgate.account.Platform;
import io.subgate.account.QuotaWindow;
import io.subgate.config.PlatformEndpoints;
import io.subgate.gateway.protocol.ClientIdentity;
import io.subgate.gateway.protocol.ProxyRequest;
import io.subgate.gateway.protocol.Route;
import io.subgate.token.CachedToken;
import jakarta.inject.Singleton;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Anthropic subscription tokens (claude.ai OAuth and setup-token), for Claude Code only
 * (upstream-dialects §1.1–§1.4, §1.9): {@code ?beta=true} always, Bearer auth, the OAuth beta added
 * to the client's own beta list (after {@code claude-code-20250219}, or first), token counting's
 * beta added on {@code count_tokens}; everything else relayed as Claude Code sent it, its headers
 * included (all but credentials, hop-by-hop and proxy headers: {@link #clientsOwn}).
 */
@Singleton
final class AnthropicOAuthDialect extends AnthropicDialect {
  static final String OAUTH_BETA = "oauth-2025-04-20";
  static final String CLAUDE_CODE_BETA = "claude-code-20250219";
  static final String TOKEN_COUNTING_BETA = "token-counting-2024-11-01";

  AnthropicOAuthDialect(PlatformEndpoints endpoints, JsonMapper json, Clock clock) {
    super(endpoints, json, clock);
  }

  @Override
  public String name() {
    return "anthropic-oauth";
  }

  @Override
  public Set<AccountType> accountTypes() {
    return Set.of(AccountType.OAUTH, AccountType.SETUP_TOKEN);
  }

  @Override
  public ClientIdentity client() {
    return ClientIdentity.CLAUDE_CODE;
  }

  @Override
  public UpstreamCall prepare(ProxyRequest request, Account account, CachedToken token) {
    Map<String, String> headers = clientsOwn(request.headers());
    headers.putIfAbsent("anthropic-version", VERSION);
    headers.put("anthropic-beta", String.join(",", betas(request)));
    headers.put("authorization", "Bearer " + token.accessToken());
    String base = endpoints.of(Platform.ANTHROPIC).oauthApiBaseUrl();
    return new UpstreamCall(
        URI.create(base + request.route().path() + "?beta=true"), headers, request.body());
  }

  /**
   * The subscription's 5-hour and 7-day windows, from every answer's unified rate-limit headers.
   */
  @Override
  public List<QuotaWindow> quota(UpstreamAnswer answer) {
    return AnthropicQuota.read(answer, clock.instant());
  }

  /** A 429 parks the account at least until the window it used up resets. */
  @Override
  protected @Nullable Duration resetAfter(UpstreamAnswer answer, byte[] body) {
    Duration hinted = super.resetAfter(answer, body);
    if (answer.status() != 429) {
      return hinted;
    }
    Duration window = QuotaHeaders.exhaustedUntil(quota(answer), clock.instant());
    return window == null || (hinted != null && hinted.compareTo(window) >= 0) ? hinted : window;
  }

  static List<String> betas(ProxyRequest request) {
    List<String> betas = clientBetas(request);
    if (!betas.contains(OAUTH_BETA)) {
      int claudeCode = betas.indexOf(CLAUDE_CODE_BETA);
      betas.add(claudeCode < 0 ? 0 : claudeCode + 1, OAUTH_BETA);
    }
    if (request.route() == Route.COUNT_TOKENS && !betas.contains(TOKEN_COUNTING_BETA)) {
      betas.add(TOKEN_COUNTING_BETA);
    }
    return betas;
  }
}
