package io.subgate.gateway.proxy;

import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.json.JsonMapper;
import io.micronaut.scheduling.TaskExecutors;
import io.subgate.account.Account;
import io.subgate.account.Platform;
import io.subgate.concurrency.Slot;
import io.subgate.concurrency.SlotPool;
import io.subgate.concurrency.SlotWaiter;
import io.subgate.concurrency.SlotWaiter.Acquisition;
import io.subgate.concurrency.SlotWaiter.Outcome;
import io.subgate.concurrency.SlotWaiter.WaitListener;
import io.subgate.routing.AccountHealth;
import io.subgate.routing.AccountSelector;
import io.subgate.routing.CandidateCache;
import io.subgate.routing.CandidateCache.Candidates;
import io.subgate.routing.RequestGate;
import io.subgate.routing.RequestGate.Admission;
import io.subgate.routing.Selection;
import io.subgate.routing.SelectionRequest;
import io.subgate.routing.SelectionSettings;
import io.subgate.routing.SessionHash;
import io.subgate.support.Sleeper;
import io.subgate.tenancy.ApiKeyAuthenticator;
import io.subgate.tenancy.Principal;
import io.subgate.token.BackendUnavailableException;
import io.subgate.token.CachedToken;
import io.subgate.token.TokenLifecycle;
import io.subgate.token.TokenUnavailableException;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
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
 * admission (user slot, sticky binding, loads: one round trip) → account and its slot (one round
 * trip, token included) → upstream → the answer relayed → slots released (one round trip). Waits
 * for a slot send pings to a streaming client. Every failure is answered in the route's protocol:
 * as a status and JSON body while nothing has been sent, as the protocol's error event after.
 */
@Singleton
public final class Proxy {
  private static final Logger LOG = LoggerFactory.getLogger(Proxy.class);

  private final ApiKeyAuthenticator auth;
  private final CandidateCache candidates;
  private final AccountSelector selector;
  private final SlotWaiter waiter;
  private final RequestGate gate;
  private final TokenLifecycle tokens;
  private final AccountHealth health;
  private final Sleeper sleeper;
  private final ProxyMetrics metrics;
  private final SelectionSettings selection;
  private final ProxySettings settings;
  private final Forwarding forwarding;
  private final JsonMapper json;
  private final Clock clock;
  private final ExecutorService executor;
  private final @Nullable ScheduledExecutorService scheduler;

  public Proxy(
      ApiKeyAuthenticator auth,
      CandidateCache candidates,
      AccountSelector selector,
      SlotWaiter waiter,
      RequestGate gate,
      TokenLifecycle tokens,
      AccountHealth health,
      Sleeper sleeper,
      ProxyMetrics metrics,
      SelectionSettings selection,
      ProxySettings settings,
      Forwarding forwarding,
      JsonMapper json,
      Clock clock,
      @Named(TaskExecutors.BLOCKING) ExecutorService executor) {
    this.auth = auth;
    this.candidates = candidates;
    this.selector = selector;
    this.waiter = waiter;
    this.gate = gate;
    this.tokens = tokens;
    this.health = health;
    this.sleeper = sleeper;
    this.metrics = metrics;
    this.selection = selection;
    this.settings = settings;
    this.forwarding = forwarding;
    this.json = json;
    this.clock = clock;
    this.executor = executor;
    this.scheduler =
        settings.requestDeadline() == null
            ? null
            : Executors.newSingleThreadScheduledExecutor(
                r -> {
                  Thread t = new Thread(r, "request-deadline");
                  t.setDaemon(true);
                  return t;
                });
  }

  /** Serves one request on a worker thread; completes when the status is decided. */
  public CompletableFuture<MutableHttpResponse<?>> handle(
      Route route, HttpHeaders headers, byte @Nullable [] body) {
    Exchange exchange = new Exchange();
    ScheduledFuture<?> deadline = deadline(route, exchange);
    try {
      executor.execute(
          () -> {
            try {
              run(route, headers, body, exchange);
            } finally {
              if (deadline != null) {
                deadline.cancel(false);
              }
            }
          });
    } catch (RejectedExecutionException e) {
      exchange.respond(errorResponse(route, new GatewayException(503, "gateway is overloaded")));
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
                SseEvents.error(route, json, 504, message)),
        limit.toMillis(),
        TimeUnit.MILLISECONDS);
  }

  private void run(Route route, HttpHeaders headers, byte @Nullable [] body, Exchange exchange) {
    try {
      serve(route, headers, body, exchange);
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

  private void serve(Route route, HttpHeaders headers, byte @Nullable [] body, Exchange exchange)
      throws InterruptedException {
    Principal principal =
        ClientKeys.extract(headers)
            .flatMap(auth::authenticate)
            .orElseThrow(() -> new GatewayException(401, "invalid or missing API key"));
    ProxyRequest request = ProxyRequest.parse(route, headers, body, json);
    Candidates group =
        candidates
            .of(principal.groupId())
            .orElseThrow(() -> new GatewayException(403, "the API key's group no longer exists"));
    checkServes(route, request, group);
    String requestId = "req_" + UUID.randomUUID().toString().replace("-", "");
    WaitListener pinger = request.stream() ? waited -> ping(route, exchange) : WaitListener.NONE;
    SelectionRequest wanted =
        new SelectionRequest(
            principal.groupId(),
            group.accounts(),
            SessionHash.of(request.json(), request.headers(), json).orElse(null),
            Set.of(),
            requestId,
            request.model());
    try (Holdings held = new Holdings(gate, requestId)) {
      SlotPool userPool =
          route.generates() && principal.userConcurrency() > 0
              ? SlotPool.user(principal.userId())
              : null;
      Admission admission = selector.admit(wanted, userPool, principal.userConcurrency());
      if (userPool != null) {
        if (admission.userSlot()) {
          held.add(userPool);
        } else {
          held.add(waitForUser(principal, userPool, requestId, pinger));
        }
      }
      UpstreamFailure last = null;
      int attempts = 0;
      int switches = 0;
      boolean stickyGraceUsed = false;
      for (int attempt = 0; attempt < Math.max(1, settings.maxAttempts()); attempt++) {
        Selection chosen =
            attempt == 0 && !route.generates()
                ? selector.pick(wanted, admission)
                : attempt == 0 ? selector.select(wanted, admission) : selector.select(wanted);
        if (chosen instanceof Selection.NoneAvailable && last != null) {
          break;
        }
        Account account = accountOf(chosen);
        CachedToken prefetched = null;
        SlotPool accountPool = null;
        if (chosen instanceof Selection.Acquired a) {
          held.add(a.pool());
          accountPool = a.pool();
          prefetched = a.token();
        } else if (chosen instanceof Selection.Wait w) {
          held.add(waitForAccount(w, requestId, pinger));
        }
        CachedToken token;
        try {
          token = tokens.accessToken(account, prefetched);
        } catch (TokenUnavailableException e) {
          wanted = wanted.excluding(Set.of(account.id()));
          continue;
        }
        UpstreamFailure failure = null;
        boolean refreshedAfter401 = false;
        for (int inPlace = 0; ; inPlace++) {
          attempts++;
          failure = forwarding.forward(exchange, request, principal, account, token, requestId);
          if (failure == null) {
            return;
          }
          metrics.failure(failure.kind());
          LOG.info(
              "proxy.upstream_failure request_id={} account_id={} attempt={} kind={} status={}",
              requestId,
              account.id(),
              attempts,
              failure.kind(),
              failure.status());
          if (exchange.cancelled()) {
            break;
          }
          if (failure.kind() == UpstreamFailure.Kind.UNAUTHORIZED && !refreshedAfter401) {
            // One forced refresh through the lifecycle (the only credentials writer), then one
            // more try on the same account.
            refreshedAfter401 = true;
            metrics.forcedRefresh();
            Optional<CachedToken> fresh = tokens.forceRefresh(account);
            if (fresh.isEmpty()) {
              break;
            }
            token = fresh.get();
            continue;
          }
          if (failure.kind().retryableInPlace() && inPlace < settings.sameAccountRetries()) {
            metrics.sameAccountRetry();
            if (!pause(settings.sameAccountRetryDelay(), exchange)) {
              break;
            }
            continue;
          }
          if (stickyBound(chosen)
              && !stickyGraceUsed
              && !failure.kind().retryableInPlace()
              && failure.kind() != UpstreamFailure.Kind.UNAUTHORIZED) {
            // Sticky grace (seed 003): the session's own account gets one more try after a pause
            // before the conversation moves and loses its warm prompt cache.
            stickyGraceUsed = true;
            metrics.sameAccountRetry();
            if (!pause(settings.stickyGraceDelay(), exchange)) {
              break;
            }
            continue;
          }
          break;
        }
        last = failure;
        metrics.accountSwitch();
        switches++;
        recordFailure(account, failure);
        if (accountPool != null) {
          held.release(accountPool);
        }
        wanted = wanted.excluding(Set.of(account.id()));
        if (account.platform() == Platform.ANTIGRAVITY
            && !pause(Duration.ofSeconds(switches - 1L), exchange)) {
          break; // Antigravity: a linearly growing pause between switches (seed 003)
        }
      }
      if (last != null) {
        throw exhausted(last);
      }
    }
    throw new GatewayException(503, "no account could serve the request", Duration.ofSeconds(5));
  }

  private static boolean stickyBound(Selection chosen) {
    return (chosen instanceof Selection.Acquired a && a.sticky())
        || (chosen instanceof Selection.Wait w && w.sticky());
  }

  /**
   * Sleeps {@code d} in short steps through the injected sleeper, giving up as soon as the client
   * has gone; false when it has.
   */
  private boolean pause(Duration d, Exchange exchange) throws InterruptedException {
    Duration left = d;
    Duration step = Duration.ofMillis(100);
    while (!left.isNegative() && !left.isZero()) {
      if (exchange.cancelled()) {
        return false;
      }
      Duration now = left.compareTo(step) < 0 ? left : step;
      sleeper.sleep(now);
      left = left.minus(now);
    }
    return !exchange.cancelled();
  }

  /** The account state an upstream failure sets (sub2api §5; never hours for a burst 429). */
  private void recordFailure(Account account, UpstreamFailure failure) {
    health.failed(
        account, failure.status(), failure.kind().name().toLowerCase(java.util.Locale.ROOT));
    Duration reset = failure.resetAfter();
    switch (failure.kind()) {
      case RATE_LIMITED:
        health.rateLimited(account, reset != null ? reset : settings.burstCooldown());
        break;
      case OVERLOADED:
        health.overloaded(
            account,
            reset != null && reset.compareTo(settings.overloadCooldown()) > 0
                ? reset
                : settings.overloadCooldown());
        break;
      default:
        health.unschedulable(
            account,
            settings.failureCooldown(),
            "upstream " + failure.kind().name().toLowerCase(java.util.Locale.ROOT));
        break;
    }
  }

  /** The client's answer when every account tried failed: the last failure, in protocol shape. */
  private GatewayException exhausted(UpstreamFailure last) {
    switch (last.kind()) {
      case RATE_LIMITED:
        return new GatewayException(
            429,
            "all accounts tried are rate limited",
            last.resetAfter() != null ? last.resetAfter() : settings.burstCooldown());
      case OVERLOADED:
        return new GatewayException(
            503,
            "the upstream is overloaded",
            last.resetAfter() != null ? last.resetAfter() : settings.overloadCooldown());
      case NO_ANSWER:
        return new GatewayException(
            502, "no upstream answered: " + last.detail(), Duration.ofSeconds(5));
      default:
        return new GatewayException(
            502,
            "upstream failed (" + last.detail() + ") on every account tried",
            Duration.ofSeconds(5));
    }
  }

  private static void checkServes(Route route, ProxyRequest request, Candidates group) {
    if (group.group().platform() != route.platform()) {
      throw new GatewayException(
          400,
          "this API key's group serves "
              + group.group().platform().wireName()
              + " accounts; "
              + route.path()
              + " needs "
              + route.platform().wireName());
    }
    if (!group.accounts().isEmpty()
        && group.accounts().stream().noneMatch(a -> a.supports(request.model()))) {
      throw new GatewayException(
          400, "model " + request.model() + " is not served by this API key's group");
    }
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

  private Slot waitForAccount(Selection.Wait w, String requestId, WaitListener pinger)
      throws InterruptedException {
    Acquisition got =
        waiter.acquire(
            new SlotWaiter.Request(
                SlotPool.account(w.account().id()),
                requestId,
                w.account().concurrency(),
                w.maxWaiting(),
                w.timeout(),
                selection.slotTtl(),
                settings.pingInterval()),
            pinger);
    return slotOrThrow(got, "account");
  }

  private Slot waitForUser(
      Principal principal, SlotPool pool, String requestId, WaitListener pinger)
      throws InterruptedException {
    Acquisition got =
        waiter.acquire(
            new SlotWaiter.Request(
                pool,
                requestId,
                principal.userConcurrency(),
                settings.userMaxWaiting(),
                settings.userWaitTimeout(),
                selection.slotTtl(),
                settings.pingInterval()),
            pinger);
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

  /** A keep-alive while waiting; the first one commits the stream. */
  private static void ping(Route route, Exchange exchange) {
    if (exchange.cancelled()) {
      throw new GatewayException(499, "client closed the request");
    }
    exchange.openStream(Map.of());
    exchange.emit(SseEvents.ping(route));
  }

  private void fail(Route route, Exchange exchange, GatewayException e) {
    if (exchange.cancelled()) {
      return;
    }
    if (exchange.streaming()) {
      exchange.emit(SseEvents.error(route, json, e.status(), String.valueOf(e.getMessage())));
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
