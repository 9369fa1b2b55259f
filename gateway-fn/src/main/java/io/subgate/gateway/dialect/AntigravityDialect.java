package io.subgate.gateway.dialect;

import io.micronaut.json.JsonMapper;
import io.subgate.account.Account;
import io.subgate.account.AccountType;
import io.subgate.account.Platform;
import io.subgate.config.PlatformEndpoints;
import io.subgate.gateway.protocol.ClientIdentity;
import io.subgate.gateway.protocol.CodeAssistEnvelope;
import io.subgate.gateway.protocol.InboundProtocol;
import io.subgate.gateway.protocol.ProxyRequest;
import io.subgate.gateway.protocol.Route;
import io.subgate.token.CachedToken;
import jakarta.inject.Singleton;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Antigravity subscriptions, for the Antigravity client only (upstream-dialects §4.1–§4.3, §4.8):
 * the client's own {@code v1internal} envelope and user agent relayed with the account's token and
 * project, to the daily host first and then production (the next one when a host does not answer,
 * does not know the call, fails, or is out of quota — but not when the model is out of capacity,
 * which is the same everywhere). Its quota 429s park the account for that model only; the pause
 * between switches is {@code Failover}'s. Requests of other clients are never converted onto these
 * accounts: that would need the Antigravity identity.
 */
@Singleton
final class AntigravityDialect extends GoogleDialect {

  AntigravityDialect(PlatformEndpoints endpoints, JsonMapper json, Clock clock) {
    super(endpoints, json, clock);
  }

  @Override
  public String name() {
    return "antigravity-oauth";
  }

  @Override
  public Platform platform() {
    return Platform.ANTIGRAVITY;
  }

  @Override
  public Set<AccountType> accountTypes() {
    return Set.of(AccountType.OAUTH);
  }

  @Override
  public ClientIdentity client() {
    return ClientIdentity.ANTIGRAVITY;
  }

  @Override
  public Optional<InboundProtocol> speaks(Route route) {
    return route.protocol() == CodeAssistEnvelope.INSTANCE
        ? Optional.of(CodeAssistEnvelope.INSTANCE)
        : Optional.empty();
  }

  @Override
  public UpstreamCall prepare(ProxyRequest request, Account account, CachedToken token) {
    Map<String, String> headers = headers(request);
    headers.put("authorization", "Bearer " + token.accessToken());
    byte[] body = withProject(request, String.valueOf(projectOf(account)));
    String path = "/v1internal:" + request.route().action() + sse(request);
    List<URI> uris = new ArrayList<>();
    for (String base : endpoints.of(Platform.ANTIGRAVITY).oauthApiBaseUrls()) {
      uris.add(URI.create(base + path));
    }
    return new UpstreamCall(uris.get(0), headers, body, uris.subList(1, uris.size()));
  }

  /** Antigravity's quotas are per model (sub2api §4.8): a 429 never parks the whole account. */
  @Override
  public Optional<UpstreamFailure> judge(UpstreamAnswer answer, byte[] body) {
    return super.judge(answer, body)
        .map(f -> f.kind() == UpstreamFailure.Kind.RATE_LIMITED ? f.forModelOnly() : f);
  }

  @Override
  public boolean triesNextBase(UpstreamAnswer answer, byte[] body) {
    int status = answer.status();
    if (status == 429) {
      return !new String(body, StandardCharsets.UTF_8).contains("capacity");
    }
    return status == 404 || status == 408 || status >= 500;
  }
}
