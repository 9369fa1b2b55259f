package io.subgate.gateway.proxy;

import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.json.JsonMapper;
import io.subgate.account.Account;
import io.subgate.concurrency.Slot;
import io.subgate.concurrency.SlotPool;
import io.subgate.concurrency.SlotWaiter.WaitListener;
import io.subgate.gateway.admission.Holdings;
import io.subgate.gateway.admission.Metering;
import io.subgate.gateway.admission.RequestLimits;
import io.subgate.gateway.admission.SlotLeases;
import io.subgate.gateway.admission.SlotWaits;
import io.subgate.gateway.client.ClientKeys;
import io.subgate.gateway.dialect.Attempt;
import io.subgate.gateway.dialect.UpstreamFailure;
import io.subgate.gateway.protocol.GatewayException;
import io.subgate.gateway.protocol.ProxyRequest;
import io.subgate.gateway.protocol.Route;
import io.subgate.routing.AccountSelector;
import io.subgate.routing.CandidateCache;
import io.subgate.routing.CandidateCache.Candidates;
import io.subgate.routing.RequestGate;
import io.subgate.routing.RequestGate.Admission;
import io.subgate.routing.Selection;
import io.subgate.routing.SelectionRequest;
import io.subgate.support.DaemonThreads;
import io.subgate.tenancy.ApiKeyAuthenticator;
import io.subgate.tenancy.Group;
import io.subgate.tenancy.Principal;
import io.subgate.token.BackendUnavailableException;
import io.subgate.token.CachedToken;
import io.subgate.token.TokenLifecycle;
import io.subgate.token.TokenUnavailableException;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The request path every route shares: client key → request checks → the group's candidates →
 * admission (user slot, sticky binding, loads, and the chosen account's slot with its token: one
 * round trip) → upstream ({@link Failover} on failures) → the answer relayed → slots released (one
 * round trip). A request that waited, or found no free account, claims its account separately.
 * Waits for a slot ({@link SlotWaits}) send pings to a streaming client. Every failure is answered
 * in the route's protocol: as a status and JSON body while nothing has been sent, as the protocol's
 * error event after.
 */
@Singleton
public final class Proxy {
  private static final Logger LOG = LoggerFactory.getLogger(Proxy.class);

  private final ApiKeyAuthenticator auth;
  private final CandidateCache candidates;
  private final AccountSelector selector;
  private final RequestGate gate;
  private final TokenLifecycle tokens;
  private final SlotWaits waits;
  private final SlotLeases leases;
  private final Failover failover;
  private final RefusedModels refusals;
  private final TokenEstimates estimates;
  private final ServingPools pools;
  private final ProxyMetrics metrics;
  private final ProxySettings settings;
  private final Metering metering;
  private final JsonMapper json;
  private final Clock clock;
  private final ExecutorService executor;
  private final @Nullable ScheduledExecutorService scheduler;

  public Proxy(
      ApiKeyAuthenticator auth,
      CandidateCache candidates,
      AccountSelector selector,
      RequestGate gate,
      TokenLifecycle tokens,
      SlotWaits waits,
      SlotLeases leases,
      Failover failover,
      RefusedModels refusals,
      TokenEstimates estimates,
      ServingPools pools,
      ProxyMetrics metrics,
      ProxySettings settings,
      Metering metering,
      JsonMapper json,
      Clock clock,
      ProxyWorkers workers) {
    this.auth = auth;
    this.candidates = candidates;
    this.selector = selector;
    this.gate = gate;
    this.tokens = tokens;
    this.waits = waits;
    this.leases = leases;
    this.failover = failover;
    this.refusals = refusals;
    this.estimates = estimates;
    this.pools = pools;
    this.metrics = metrics;
    this.settings = settings;
    this.metering = metering;
    this.json = json;
    this.clock = clock;
    this.executor = workers.executor();
    this.scheduler =
        settings.requestDeadline() == null
            ? null
            : Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("request-deadline"));
  }

  @PreDestroy
  void close() {
    ScheduledExecutorService timer = scheduler;
    if (timer != null) {
      timer.shutdownNow();
    }
  }

  /** Serves one request on a worker thread; completes when the status is decided. */
  public CompletableFuture<MutableHttpResponse<?>> handle(
      Route route, HttpHeaders headers, @Nullable String query, byte @Nullable [] body) {
    return handle(route, null, headers, query, body);
  }

  /**
   * Serves one request on a worker thread; completes when the status is decided.
   *
   * @param pathModel the model named by the path, on routes whose path carries one (Gemini)
   */
  public CompletableFuture<MutableHttpResponse<?>> handle(
      Route route,
      @Nullable String pathModel,
      HttpHeaders headers,
      @Nullable String query,
      byte @Nullable [] body) {
    Exchange exchange = new Exchange();
    ClientDepartures.register(exchange::clientGone);
    ScheduledFuture<?> deadline = deadline(route, exchange);
    try {
      executor.execute(
          () -> {
            try {
              run(route, pathModel, headers, query, body, exchange);
            } finally {
              if (deadline != null) {
                deadline.cancel(false);
              }
            }
          });
    } catch (RejectedExecutionException e) {
      exchange.respond(
          errorResponse(
              route,
              new GatewayException(
                  503,
                  "gateway is overloaded: too many requests in flight",
                  Duration.ofSeconds(1))));
    }
    return exchange.response();
  }

  /** Ends the exchange with a protocol error when the configured deadline passes first. */
  private @Nullable ScheduledFuture<?> deadline(Route route, Exchange exchange) {
    Duration limit = settings.requestDeadline();
    ScheduledExecutorService timer = scheduler;
    if (limit == null || timer == null) {
      return null;
    }
    String message =
        "the request did not complete within " + limit.toSeconds() + " s (the deployment's limit)";
    return timer.schedule(
        () ->
            exchange.expire(
                errorResponse(route, new GatewayException(504, message)),
                route.protocol().streamError(json, 504, message)),
        limit.toMillis(),
        TimeUnit.MILLISECONDS);
  }

  private void run(
      Route route,
      @Nullable String pathModel,
      HttpHeaders headers,
      @Nullable String query,
      byte @Nullable [] body,
      Exchange exchange) {
    try {
      serve(route, pathModel, headers, query, body, exchange);
    } catch (GatewayException e) {
      fail(route, exchange, e);
    } catch (BackendUnavailableException e) {
      LOG.warn("proxy.backend_unavailable route={} error={}", route.path(), e.getMessage());
      fail(
          route,
          exchange,
          new GatewayException(503, "gateway state store unavailable", Duration.ofSeconds(5)));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      fail(route, exchange, new GatewayException(503, "request interrupted"));
    } catch (RuntimeException e) {
      LOG.error("proxy.unexpected route={} error={}", route.path(), e.getClass().getName(), e);
      fail(route, exchange, new GatewayException(500, "internal gateway error"));
    } finally {
      exchange.finish();
    }
  }

  private void serve(
      Route route,
      @Nullable String pathModel,
      HttpHeaders headers,
      @Nullable String query,
      byte @Nullable [] body,
      Exchange exchange)
      throws InterruptedException {
    Principal keyHolder =
        ClientKeys.extract(route.protocol().errors(), headers, query)
            .flatMap(auth::authenticate)
            .orElseThrow(() -> new GatewayException(401, "invalid or missing API key"));
    ProxyRequest request = ProxyRequest.parse(route, pathModel, headers, query, body, json);
    Candidates keyGroup =
        candidates
            .of(keyHolder.groupId())
            .orElseThrow(() -> new GatewayException(403, "the API key's group no longer exists"));
    if (estimates.answers(route, keyGroup)) {
      exchange.respond(estimates.answer(request, keyHolder, requestId()));
      return;
    }
    ServingPool pool = pools.of(route, request, keyGroup);
    Group group = pool.group().group();
    List<Account> eligible = pool.accounts();
    // A fallback group's requests are recorded, limited by user and made sticky as its own.
    Principal principal =
        group.id() == keyHolder.groupId() ? keyHolder : keyHolder.inGroup(group.id());
    String requestId = requestId();
    WaitListener pinger = SlotWaits.pinger(request, exchange);
    SelectionRequest wanted =
        new SelectionRequest(
            principal.groupId(),
            eligible,
            route.protocol().sessionSeed(request.json(), request.headers(), json).orElse(null),
            Set.of(),
            requestId,
            request.model());
    try (Holdings held = new Holdings(gate, leases, requestId, settings.releaseInBackground())) {
      SlotPool userPool =
          route.generates() && principal.userConcurrency() > 0
              ? SlotPool.user(principal.userId())
              : null;
      // The key's own limits: a fallback group's requests count against the key's group.
      exchange.groupRate(group.settings().rateMultiplier());
      RequestLimits limits = metering.limits(keyHolder, request, clock.instant(), group, eligible);
      Admission admission =
          selector.admit(
              wanted, userPool, principal.userConcurrency(), route.generates(), limits.meters());
      RequestGate.Refusal refused = admission.refusal();
      if (refused != null) {
        throw limits.refusal(refused, clock.instant());
      }
      metering.settleOnRelease(held, limits, exchange::tokensUsed, exchange::picoSpent);
      if (userPool != null) {
        if (admission.userSlot()) {
          held.add(userPool);
        } else {
          held.add(userPool, waits.forUser(principal, userPool, requestId, pinger));
        }
      }
      UpstreamFailure last = null;
      int switches = 0;
      for (int attempt = 0; attempt < Math.max(1, settings.maxAttempts()); attempt++) {
        Selection chosen =
            attempt == 0 && !route.generates()
                ? selector.pick(wanted, admission)
                : attempt == 0 ? selector.select(wanted, admission) : selector.select(wanted);
        if (chosen instanceof Selection.NoneAvailable && last != null) {
          break;
        }
        if (chosen instanceof Selection.NoneAvailable) {
          refusals.answerIfRefusedEverywhere(request, eligible);
        }
        Account account = accountOf(chosen);
        CachedToken prefetched = null;
        SlotPool accountPool = null;
        Slot waitedSlot = null;
        boolean sessionAccount = false;
        if (chosen instanceof Selection.Acquired a) {
          held.add(a.pool());
          accountPool = a.pool();
          prefetched = a.token();
          sessionAccount = a.sticky();
        } else if (chosen instanceof Selection.Wait w) {
          waitedSlot = waits.forAccount(w, requestId, wanted.sessionHash(), pinger);
          held.add(SlotPool.account(w.account().id()), waitedSlot);
          sessionAccount = w.sticky();
        }
        CachedToken token;
        try {
          token = tokens.accessToken(account, prefetched);
        } catch (TokenUnavailableException e) {
          wanted = wanted.excluding(Set.of(account.id()));
          continue;
        }
        Attempt outcome =
            failover.onAccount(
                exchange,
                request.withModel(pool.upstreamModel(request, account), json),
                principal,
                account,
                token,
                requestId,
                sessionAccount);
        if (!(outcome instanceof UpstreamFailure failure)) {
          return;
        }
        last = failure;
        // A failed account's slot goes back at once, not when the request ends.
        if (accountPool != null) {
          held.release(accountPool);
        }
        if (waitedSlot != null) {
          held.release(waitedSlot);
        }
        if (failure.sharedCapacity()) {
          break; // every account would say the same: nothing to park, no one to switch to
        }
        wanted = wanted.excluding(Set.of(account.id()));
        exchange.switched();
        if (!failover.giveUp(
            account, request.model(), failure, ++switches, exchange, route.generates())) {
          break;
        }
      }
      if (last != null) {
        throw failover.exhausted(last);
      }
    }
    throw new GatewayException(503, "no account could serve the request", Duration.ofSeconds(5));
  }

  private static String requestId() {
    return "req_" + UUID.randomUUID().toString().replace("-", "");
  }

  private Account accountOf(Selection chosen) {
    if (chosen instanceof Selection.Acquired a) {
      return a.account();
    }
    if (chosen instanceof Selection.Wait w) {
      return w.account();
    }
    if (chosen instanceof Selection.Chosen c) {
      return c.account();
    }
    Selection.NoneAvailable none = (Selection.NoneAvailable) chosen;
    throw new GatewayException(
        none.allRateLimited() ? 429 : 503,
        none.allRateLimited() ? "all accounts are rate limited" : "no account is available",
        retryAfter(none.retryAt()));
  }

  private void fail(Route route, Exchange exchange, GatewayException e) {
    metrics.request(route, e.status(), "none", "none");
    if (exchange.cancelled()) {
      return;
    }
    if (exchange.streaming()) {
      exchange.emit(route.protocol().streamError(json, e.status(), String.valueOf(e.getMessage())));
    } else {
      exchange.respond(errorResponse(route, e));
    }
  }

  private MutableHttpResponse<?> errorResponse(Route route, GatewayException e) {
    MutableHttpResponse<byte[]> response =
        HttpResponse.<byte[]>status(HttpStatus.valueOf(e.status()))
            .contentType(MediaType.APPLICATION_JSON_TYPE)
            .body(route.protocol().errorBody(json, e.status(), String.valueOf(e.getMessage())));
    Duration retry = e.retryAfter();
    if (retry != null) {
      response.header(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, retry.toSeconds())));
    }
    return response;
  }

  private Duration retryAfter(@Nullable Instant at) {
    if (at == null) {
      return Duration.ofSeconds(5);
    }
    Duration d = Duration.between(clock.instant(), at);
    return d.isNegative() ? Duration.ofSeconds(1) : d;
  }
}
