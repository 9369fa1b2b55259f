package io.subgate.gateway.dialect;

import io.subgate.account.Account;
import io.subgate.account.AccountType;
import io.subgate.account.Platform;
import io.subgate.account.QuotaWindow;
import io.subgate.gateway.protocol.ClientIdentity;
import io.subgate.gateway.protocol.InboundProtocol;
import io.subgate.gateway.protocol.ProxyRequest;
import io.subgate.gateway.protocol.Route;
import io.subgate.token.CachedToken;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One upstream API as one kind of account reaches it (platform × account type): its URL and
 * authentication, the account-scoped headers and fields (Codex's account id), the body changes its
 * contract requires, the client it may carry, and how its answers read (content started, terminal
 * event, error kind — including errors the request itself caused —, usage, reset hints). The
 * request path ({@code Proxy}, {@code Failover}) never branches on a platform: it asks the
 * account's dialect.
 *
 * <p>A new provider is one implementation (a {@code @Singleton}) plus its tests; {@link
 * DialectRegistry} finds it. Implementations are stateless and thread-safe; per-answer state lives
 * in the {@link UpstreamEvents} each answer gets.
 */
public interface UpstreamDialect {

  /** The name in logs and docs, e.g. {@code anthropic-oauth}. */
  String name();

  Platform platform();

  /** The account types of {@link #platform()} this dialect serves; no two dialects share one. */
  Set<AccountType> accountTypes();

  /**
   * The only client whose requests this dialect may carry (a subscription serves its own client),
   * or {@link ClientIdentity#OTHER} when any client may use it (API keys).
   */
  ClientIdentity client();

  /**
   * The only client whose requests on {@code route} this dialect may carry; {@link #client()}
   * unless the dialect serves one route family to any client and another to its own only (Code
   * Assist: Gemini's public API for any client, the {@code v1internal} envelope for the Gemini
   * CLI).
   */
  default ClientIdentity client(Route route) {
    return client();
  }

  /**
   * Whether a failed answer from one of {@link UpstreamCall#alternates()} sends the request to the
   * next base URL (Antigravity: a host that does not know the call or is out of capacity).
   */
  default boolean triesNextBase(UpstreamAnswer answer, byte[] body) {
    return false;
  }

  /**
   * The protocol this upstream speaks for {@code route}, or empty when it does not serve the route
   * at all (the Codex backend has only {@code /responses}).
   */
  Optional<InboundProtocol> speaks(Route route);

  /**
   * Why {@code account} cannot be used through this dialect (a Codex account without its ChatGPT
   * account id), or empty when it can.
   */
  default Optional<String> unusable(Account account) {
    return Optional.empty();
  }

  /**
   * The request as this upstream must receive it.
   *
   * @throws io.subgate.gateway.protocol.GatewayException 400 when the client's body breaks the
   *     upstream's contract in a way that cannot be mended without changing what it asks for
   */
  UpstreamCall prepare(ProxyRequest request, Account account, CachedToken token);

  /** A reader for the events of one streamed answer on {@code route}. */
  UpstreamEvents events(Route route);

  /**
   * What a complete (non-2xx or unreadable) answer means: empty when it goes to the client as it is
   * (a client error, an error the request caused), else the failure another account may serve
   * better, with when to come back.
   */
  Optional<UpstreamFailure> judge(UpstreamAnswer answer, byte[] body);

  /** The usage windows an answer reports for the account (Codex), read on every answer. */
  default List<QuotaWindow> quota(UpstreamAnswer answer) {
    return List.of();
  }
}
