package io.subgate.gateway.proxy;

import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import io.subgate.account.Account;
import io.subgate.account.AccountRepository;
import io.subgate.concurrency.Slot;
import io.subgate.concurrency.SlotPool;
import io.subgate.concurrency.SlotWaiter;
import io.subgate.concurrency.SlotWaiter.Acquisition;
import io.subgate.concurrency.SlotWaiter.Outcome;
import io.subgate.routing.AccountSelector;
import io.subgate.routing.Selection;
import io.subgate.routing.SelectionRequest;
import io.subgate.routing.SelectionSettings;
import io.subgate.routing.SessionHash;
import io.subgate.tenancy.ApiKeyAuthenticator;
import io.subgate.tenancy.GroupRepository;
import io.subgate.tenancy.Principal;
import io.subgate.token.CachedToken;
import io.subgate.token.TokenUnavailableException;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * The request path shared by every protocol (non-streaming): client key → user slot → account
 * selection and slot → access token → upstream → usage. Slots are released however the request
 * ends. Every failure is answered in the client's protocol shape.
 */
@Singleton
public final class Proxy {
  private final ApiKeyAuthenticator auth;
  private final GroupRepository groups;
  private final AccountRepository accounts;
  private final AccountSelector selector;
  private final SlotWaiter waiter;
  private final SelectionSettings selection;
  private final ProxySettings settings;
  private final Forwarding forwarding;
  private final JsonMapper json;
  private final Clock clock;

  public Proxy(
      ApiKeyAuthenticator auth,
      GroupRepository groups,
      AccountRepository accounts,
      AccountSelector selector,
      SlotWaiter waiter,
      SelectionSettings selection,
      ProxySettings settings,
      Forwarding forwarding,
      JsonMapper json,
      Clock clock) {
    this.auth = auth;
    this.groups = groups;
    this.accounts = accounts;
    this.selector = selector;
    this.waiter = waiter;
    this.selection = selection;
    this.settings = settings;
    this.forwarding = forwarding;
    this.json = json;
    this.clock = clock;
  }

  public MutableHttpResponse<byte[]> handle(
      ClientProtocol protocol, String upstreamPath, HttpHeaders headers, byte @Nullable [] body) {
    try {
      Principal principal =
          ClientKeys.extract(headers)
              .flatMap(auth::authenticate)
              .orElseThrow(() -> new GatewayException(401, "invalid or missing API key"));
      JsonNode request = parse(body);
      String requestId = "req_" + UUID.randomUUID().toString().replace("-", "");
      try (Slot userSlot = userSlot(principal, requestId)) {
        return forwardWithAccount(
            protocol, upstreamPath, headers, body, request, principal, requestId);
      }
    } catch (GatewayException e) {
      return error(protocol, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return error(protocol, new GatewayException(503, "request interrupted"));
    }
  }

  private MutableHttpResponse<byte[]> forwardWithAccount(
      ClientProtocol protocol,
      String path,
      HttpHeaders headers,
      byte @Nullable [] body,
      JsonNode request,
      Principal principal,
      String requestId)
      throws InterruptedException {
    List<Account> candidates =
        groups.accountIds(principal.groupId()).stream()
            .map(accounts::findById)
            .flatMap(Optional::stream)
            .toList();
    Optional<String> session = SessionHash.of(request, lowerCase(headers), json);
    Set<Long> excluded = new HashSet<>();
    for (int attempt = 0; attempt < Math.max(1, settings.maxAttempts()); attempt++) {
      Selection chosen =
          selector.select(
              new SelectionRequest(
                  principal.groupId(), candidates, session.orElse(null), excluded, requestId));
      Account account = accountOf(chosen);
      try (Slot accountSlot = accountSlot(chosen, requestId)) {
        CachedToken token;
        try {
          token = forwarding.token(account);
        } catch (TokenUnavailableException e) {
          excluded.add(account.id());
          continue;
        }
        return forwarding.forward(
            protocol,
            path,
            headers,
            body == null ? new byte[0] : body,
            request,
            principal,
            account,
            token,
            requestId);
      }
    }
    throw new GatewayException(503, "no account could serve the request", Duration.ofSeconds(5));
  }

  private Account accountOf(Selection chosen) {
    if (chosen instanceof Selection.Acquired a) {
      return a.account();
    }
    if (chosen instanceof Selection.Wait w) {
      return w.account();
    }
    Selection.NoneAvailable none = (Selection.NoneAvailable) chosen;
    throw new GatewayException(
        none.allRateLimited() ? 429 : 503,
        none.allRateLimited() ? "all accounts are rate limited" : "no account is available",
        retryAfter(none.retryAt()));
  }

  private Slot accountSlot(Selection chosen, String requestId) throws InterruptedException {
    if (chosen instanceof Selection.Acquired a) {
      return a.slot();
    }
    Selection.Wait w = (Selection.Wait) chosen;
    Acquisition got =
        waiter.acquire(
            new SlotWaiter.Request(
                SlotPool.account(w.account().id()),
                requestId,
                w.account().concurrency(),
                w.maxWaiting(),
                w.timeout(),
                selection.slotTtl(),
                Duration.ofSeconds(10)),
            SlotWaiter.WaitListener.NONE);
    return slotOrThrow(got, "account");
  }

  private Slot userSlot(Principal principal, String requestId) throws InterruptedException {
    Acquisition got =
        waiter.acquire(
            new SlotWaiter.Request(
                SlotPool.user(principal.userId()),
                requestId,
                principal.userConcurrency(),
                settings.userMaxWaiting(),
                settings.userWaitTimeout(),
                selection.slotTtl(),
                Duration.ofSeconds(10)),
            SlotWaiter.WaitListener.NONE);
    return slotOrThrow(got, "user");
  }

  private static Slot slotOrThrow(Acquisition got, String whose) {
    Slot slot = got.slot();
    if (got.outcome() == Outcome.ACQUIRED && slot != null) {
      return slot;
    }
    if (got.outcome() == Outcome.QUEUE_FULL) {
      throw new GatewayException(
          429, "too many pending requests, retry later", Duration.ofSeconds(5));
    }
    throw new GatewayException(
        429, "concurrency limit exceeded for " + whose + ", retry later", Duration.ofSeconds(5));
  }

  private JsonNode parse(byte @Nullable [] body) {
    if (body == null || body.length == 0) {
      throw new GatewayException(400, "request body is empty");
    }
    JsonNode node;
    try {
      node = json.readValue(body, JsonNode.class);
    } catch (IOException | RuntimeException e) {
      throw new GatewayException(400, "request body is not valid JSON");
    }
    if (node == null || !node.isObject()) {
      throw new GatewayException(400, "request body must be a JSON object");
    }
    JsonNode model = node.get("model");
    if (model == null || !model.isString() || model.getStringValue().isBlank()) {
      throw new GatewayException(400, "model: is required");
    }
    JsonNode stream = node.get("stream");
    if (stream != null && stream.isBoolean() && stream.getBooleanValue()) {
      throw new GatewayException(400, "stream: true is not supported by this build yet");
    }
    return node;
  }

  private MutableHttpResponse<byte[]> error(ClientProtocol protocol, GatewayException e) {
    MutableHttpResponse<byte[]> response =
        HttpResponse.<byte[]>status(HttpStatus.valueOf(e.status()))
            .contentType(MediaType.APPLICATION_JSON_TYPE)
            .body(protocol.errorBody(json, e.status(), String.valueOf(e.getMessage())));
    Duration retry = e.retryAfter();
    if (retry != null) {
      response.header(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, retry.toSeconds())));
    }
    return response;
  }

  private @Nullable Duration retryAfter(@Nullable Instant at) {
    if (at == null) {
      return Duration.ofSeconds(5);
    }
    Duration d = Duration.between(clock.instant(), at);
    return d.isNegative() ? Duration.ofSeconds(1) : d;
  }

  private static Map<String, String> lowerCase(HttpHeaders headers) {
    java.util.Map<String, String> out = new java.util.HashMap<>();
    for (String name : headers.names()) {
      String value = headers.get(name);
      if (value != null) {
        out.put(name.toLowerCase(Locale.ROOT), value);
      }
    }
    return out;
  }
}
