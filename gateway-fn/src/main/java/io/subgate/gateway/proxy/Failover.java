package io.subgate.gateway.proxy;

import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import io.subgate.account.Account;
import io.subgate.account.Platform;
import io.subgate.gateway.dialect.Attempt;
import io.subgate.gateway.dialect.RequestFaults;
import io.subgate.gateway.dialect.UpstreamFailure;
import io.subgate.gateway.protocol.GatewayException;
import io.subgate.gateway.protocol.ProxyRequest;
import io.subgate.routing.AccountHealth;
import io.subgate.support.Sleeper;
import io.subgate.tenancy.Principal;
import io.subgate.token.CachedToken;
import io.subgate.token.TokenLifecycle;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What happens when an upstream fails on an account (seed 003): retries on the same account (in
 * place for server errors and lost connections, once after a forced refresh for a 401, once more
 * for a session's own account, after the pause Google asks for when it is short or while a model is
 * out of capacity for everyone), the account state a given-up account gets, the pause between
 * switches, and the client's answer when every account failed. Every pause gives up as soon as the
 * client has gone.
 */
@Singleton
final class Failover {
  private static final Logger LOG = LoggerFactory.getLogger(Failover.class);
  private static final int MAX_MESSAGE = 500;

  private final Forwarding forwarding;
  private final TokenLifecycle tokens;
  private final AccountHealth health;
  private final Sleeper sleeper;
  private final ProxyMetrics metrics;
  private final ProxySettings settings;
  private final CapacityMemo capacity;
  private final JsonMapper json;

  Failover(
      Forwarding forwarding,
      TokenLifecycle tokens,
      AccountHealth health,
      Sleeper sleeper,
      ProxyMetrics metrics,
      ProxySettings settings,
      CapacityMemo capacity,
      JsonMapper json) {
    this.capacity = capacity;
    this.json = json;
    this.forwarding = forwarding;
    this.tokens = tokens;
    this.health = health;
    this.sleeper = sleeper;
    this.metrics = metrics;
    this.settings = settings;
  }

  /**
   * Forwards on one account, retrying there while that may still help.
   *
   * @param sessionAccount whether the account is the session's own (sticky grace applies)
   * @return {@link Attempt#ANSWERED} when the client has its answer; otherwise the failure that
   *     made us give up
   */
  Attempt onAccount(
      Exchange exchange,
      ProxyRequest request,
      Principal principal,
      Account account,
      CachedToken firstToken,
      String requestId,
      boolean sessionAccount)
      throws InterruptedException {
    CachedToken token = firstToken;
    boolean refreshedAfter401 = false;
    boolean graceUsed = false;
    int waitedHere = 0;
    for (int inPlace = 0; ; inPlace++) {
      Attempt outcome = forwarding.forward(exchange, request, principal, account, token, requestId);
      if (!(outcome instanceof UpstreamFailure failure)) {
        return outcome;
      }
      metrics.failure(failure.kind());
      LOG.info(
          "proxy.upstream_failure request_id={} account_id={} try={} kind={} status={}",
          requestId,
          account.id(),
          inPlace + 1,
          failure.kind(),
          failure.status());
      if (exchange.cancelled()) {
        return failure;
      }
      if (failure.kind() == UpstreamFailure.Kind.UNAUTHORIZED) {
        if (refreshedAfter401) {
          return failure;
        }
        // One forced refresh through the lifecycle (the only credentials writer), then one more
        // try on the same account.
        refreshedAfter401 = true;
        metrics.forcedRefresh();
        Optional<CachedToken> fresh = tokens.forceRefresh(account, token.credentialsVersion());
        if (fresh.isEmpty()) {
          return failure;
        }
        token = fresh.get();
        continue;
      }
      Duration here = failure.retryHere();
      Duration wait;
      if (here != null) {
        // Google asked for a short wait (once), or the model is out of capacity for everyone
        // (a try a second, up to capacity-retries): this account is as good as any other.
        String pool = account.platform().wireName() + ":" + request.model();
        int allowed = failure.sharedCapacity() ? capacityRetries(pool) : 1;
        if (waitedHere >= allowed) {
          if (failure.sharedCapacity() && allowed > 0) {
            capacity.gaveUp(pool);
          }
          return failure;
        }
        waitedHere++;
        wait = here;
      } else if (failure.kind().retryableInPlace()) {
        if (inPlace >= settings.sameAccountRetries()) {
          return failure;
        }
        wait = settings.sameAccountRetryDelay();
      } else if (sessionAccount && !graceUsed && failure.kind().graceHelps()) {
        // Sticky grace: the session's own account gets one more try after a pause before the
        // conversation moves and loses its warm prompt cache.
        graceUsed = true;
        wait = settings.stickyGraceDelay();
      } else {
        return failure;
      }
      metrics.sameAccountRetry();
      if (!pause(wait, exchange)) {
        return failure;
      }
    }
  }

  /** No wait for a model that stayed out of capacity through another request's whole wait. */
  private int capacityRetries(String pool) {
    return capacity.recentlyOut(pool) ? 0 : settings.capacityRetries();
  }

  /**
   * Gives up on an account: records the failure and the state it sets (never hours for a burst 429,
   * at most {@code max-overload-cooldown} for an overload, the model alone for a per-model quota,
   * error state when the upstream says the account cannot serve until an operator acts), then
   * pauses before the next account where the platform wants it (Antigravity: 0 s, 1 s, 2 s …).
   * False when the client has gone meanwhile.
   *
   * @param parks whether the failure may set a cooldown: token counting takes no slot and has
   *     limits of its own, so its 429 must not idle the account for generation
   */
  boolean giveUp(
      Account account,
      String model,
      UpstreamFailure failure,
      int switches,
      Exchange exchange,
      boolean parks)
      throws InterruptedException {
    metrics.accountSwitch();
    String kind = failure.kind().name().toLowerCase(Locale.ROOT);
    health.failed(account, failure.status(), kind);
    Duration reset = failure.resetAfter();
    String broken = failure.accountError();
    if (broken != null) {
      health.broken(account, broken);
    }
    if (!parks || broken != null) {
      return true;
    }
    switch (failure.kind()) {
      case RATE_LIMITED:
        if (failure.perModel()) {
          health.modelRateLimited(account, model, reset != null ? reset : settings.burstCooldown());
        } else {
          health.rateLimited(account, reset != null ? reset : settings.burstCooldown());
        }
        break;
      case OVERLOADED:
        health.overloaded(account, overloadCooldown(reset));
        break;
      case MODEL_REFUSED:
        health.modelRefused(account, model, settings.failureCooldown());
        break;
      case EGRESS_DOWN:
        health.unschedulable(account, settings.failureCooldown(), failure.detail());
        break;
      case RULED:
        health.unschedulable(
            account, reset != null ? reset : settings.failureCooldown(), failure.detail());
        break;
      default:
        health.unschedulable(account, settings.failureCooldown(), "upstream " + kind);
        break;
    }
    return account.platform() != Platform.ANTIGRAVITY
        || pause(Duration.ofSeconds(switches - 1L), exchange);
  }

  /** The client's answer when every account tried failed: the last failure, in protocol shape. */
  GatewayException exhausted(UpstreamFailure last) {
    Duration reset = last.resetAfter();
    if (last.sharedCapacity()) {
      return new GatewayException(
          503,
          "the model is out of capacity upstream, for every account; retry shortly",
          Duration.ofSeconds(10));
    }
    switch (last.kind()) {
      case MODEL_REFUSED:
        return new GatewayException(last.status(), upstreamMessage(last, "the model"));
      case RATE_LIMITED:
        return new GatewayException(
            429,
            "all accounts tried are rate limited",
            reset != null ? reset : settings.burstCooldown());
      case OVERLOADED:
        return new GatewayException(503, "the upstream is overloaded", overloadCooldown(reset));
      case NO_ANSWER:
        return new GatewayException(
            502, "no upstream answered: " + last.detail(), Duration.ofSeconds(5));
      case EGRESS_DOWN:
        return new GatewayException(
            502, "no account could reach its upstream: " + last.detail(), Duration.ofSeconds(5));
      case RULED:
        return new GatewayException(
            last.status() >= 400 && last.status() <= 599 ? last.status() : 502,
            upstreamMessage(last, "the request") + " (" + last.detail() + ")",
            Duration.ofSeconds(5));
      case TIMED_OUT:
        return new GatewayException(
            504, "no upstream answered in time: " + last.detail(), Duration.ofSeconds(5));
      default:
        return new GatewayException(
            502,
            "upstream failed (" + last.detail() + ") on every account tried",
            Duration.ofSeconds(5));
    }
  }

  /** What the upstream's error body said, cut to a readable length; {@code fallback} if nothing. */
  private String upstreamMessage(UpstreamFailure failure, String fallback) {
    JsonNode message = null;
    try {
      JsonNode error = RequestFaults.errorOf(json.readValue(failure.body(), JsonNode.class));
      message = error == null ? null : error.get("message");
    } catch (IOException | RuntimeException e) {
      // not JSON: the status alone speaks
    }
    String text =
        message != null && message.isString()
            ? message.getStringValue()
            : "upstream refused " + fallback + " (" + failure.status() + ")";
    return text.length() > MAX_MESSAGE ? text.substring(0, MAX_MESSAGE) : text;
  }

  /**
   * An overload's cooldown: the upstream's hint within [overload-cooldown, max-overload-cooldown].
   */
  private Duration overloadCooldown(@Nullable Duration hint) {
    Duration d =
        hint != null && hint.compareTo(settings.overloadCooldown()) > 0
            ? hint
            : settings.overloadCooldown();
    return d.compareTo(settings.maxOverloadCooldown()) > 0 ? settings.maxOverloadCooldown() : d;
  }

  /** Sleeps in short steps, giving up as soon as the client has gone; false when it has. */
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
}
