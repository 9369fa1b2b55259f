package io.subgate.gateway.admission;

import io.subgate.concurrency.Slot;
import io.subgate.concurrency.SlotPool;
import io.subgate.concurrency.SlotWaiter;
import io.subgate.concurrency.SlotWaiter.Acquisition;
import io.subgate.concurrency.SlotWaiter.Outcome;
import io.subgate.concurrency.SlotWaiter.WaitListener;
import io.subgate.gateway.protocol.GatewayException;
import io.subgate.gateway.protocol.ProxyRequest;
import io.subgate.gateway.proxy.Exchange;
import io.subgate.gateway.proxy.ProxyMetrics;
import io.subgate.gateway.proxy.ProxySettings;
import io.subgate.routing.RequestGate;
import io.subgate.routing.Selection;
import io.subgate.routing.SelectionSettings;
import io.subgate.tenancy.Principal;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The slow path of slot acquisition: waiting for a user or account slot (seed 004), with pings to a
 * streaming client; a full queue or a timeout is a 429 with {@code Retry-After}.
 */
@Singleton
public final class SlotWaits {
  private final RequestGate gate;
  private final SlotWaiter waiter;
  private final SelectionSettings selection;
  private final ProxySettings settings;
  private final ProxyMetrics metrics;

  public SlotWaits(
      RequestGate gate,
      SlotWaiter waiter,
      SelectionSettings selection,
      ProxySettings settings,
      ProxyMetrics metrics) {
    this.metrics = metrics;
    this.gate = gate;
    this.waiter = waiter;
    this.selection = selection;
    this.settings = settings;
  }

  /**
   * Pings for a streaming request whose protocol has them (the first one commits the stream);
   * otherwise only a check that the client is still there.
   */
  public static WaitListener pinger(ProxyRequest request, Exchange exchange) {
    if (!request.stream()) {
      return WaitListener.NONE;
    }
    byte[] ping = request.route().protocol().ping();
    return waited -> {
      if (exchange.cancelled()) {
        throw new GatewayException(499, "client closed the request");
      }
      if (ping.length > 0) {
        exchange.openStream(Map.of());
        exchange.emit(ping.clone());
      }
    };
  }

  /**
   * The account's slot, waited for; the request then counts against the account's pace (which it
   * was below when selection chose to wait), so waits overshoot a cap by at most the waiters.
   */
  public Slot forAccount(
      Selection.Wait w, String requestId, @Nullable String sessionHash, WaitListener pinger)
      throws InterruptedException {
    Slot slot =
        slotOrThrow(
            waiter.acquire(
                new SlotWaiter.Request(
                    SlotPool.account(w.account().id()),
                    requestId,
                    w.account().concurrency(),
                    w.maxWaiting(),
                    w.timeout(),
                    selection.slotTtl(),
                    settings.pingInterval()),
                pinger),
            "account");
    gate.countPace(requestId, w.account().id(), w.account().pacing(), sessionHash);
    return slot;
  }

  public Slot forUser(Principal principal, SlotPool pool, String requestId, WaitListener pinger)
      throws InterruptedException {
    return slotOrThrow(
        waiter.acquire(
            new SlotWaiter.Request(
                pool,
                requestId,
                principal.userConcurrency(),
                settings.userMaxWaiting(),
                settings.userWaitTimeout(),
                selection.slotTtl(),
                settings.pingInterval()),
            pinger),
        "user");
  }

  private Slot slotOrThrow(Acquisition got, String whose) {
    Slot slot = got.slot();
    metrics.slotWait(whose, got.outcome() == Outcome.ACQUIRED && slot != null);
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
}
