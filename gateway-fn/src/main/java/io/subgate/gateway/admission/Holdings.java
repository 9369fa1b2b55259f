package io.subgate.gateway.admission;

import io.subgate.concurrency.ConcurrencySlots;
import io.subgate.concurrency.Slot;
import io.subgate.concurrency.SlotPool;
import io.subgate.routing.RequestGate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The slots one request holds. Closing releases them exactly once: those taken through the gate in
 * one round trip, those a wait produced one by one. A release that fails leaves the slot to expire
 * with its TTL. In the background (the default) the gate's round trip is sent and not waited for:
 * the request thread is free at once, and the thresholds it reports are heard when it answers;
 * otherwise (Lambda, whose sandbox may freeze with a release in flight) closing waits for it.
 */
public final class Holdings implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Holdings.class);

  private final RequestGate gate;
  private final String requestId;
  private final SlotLeases leases;
  private final List<SlotPool> gated = new ArrayList<>();
  private final Map<Slot, SlotPool> waited = new LinkedHashMap<>();
  private final AtomicBoolean closed = new AtomicBoolean();
  private volatile @Nullable Supplier<List<RequestGate.Charge>> charges;
  private volatile @Nullable Consumer<List<RequestGate.Crossing>> crossed;

  private final boolean background;

  public Holdings(RequestGate gate, SlotLeases leases, String requestId, boolean background) {
    this.gate = gate;
    this.background = background;
    this.leases = leases;
    this.requestId = requestId;
    leases.started(this);
  }

  /** Renews the lease of every slot held (called by {@link SlotLeases} while the request runs). */
  public void renew(ConcurrencySlots slots, Duration ttl) {
    List<SlotPool> pools;
    synchronized (this) {
      pools = new ArrayList<>(gated);
      pools.addAll(waited.values());
    }
    for (SlotPool pool : pools) {
      // The request still holds it: a lease that lapsed under load is taken back whatever the
      // pool's limit, since the upstream call it covers is running anyway.
      slots.tryAcquire(pool, requestId, Integer.MAX_VALUE, ttl);
    }
  }

  public synchronized void add(SlotPool pool) {
    gated.add(pool);
  }

  public synchronized void add(SlotPool pool, Slot slot) {
    waited.put(slot, pool);
  }

  /** Gives back one gated slot early (its account failed and the request moves on). */
  public void release(SlotPool pool) {
    synchronized (this) {
      if (!gated.remove(pool)) {
        return;
      }
    }
    try {
      gate.release(requestId, java.util.List.of(pool));
    } catch (RuntimeException e) {
      LOG.warn(
          "slots.release_failed request_id={} error={}", requestId, e.getClass().getSimpleName());
    }
  }

  /** Gives back one slot a wait produced early (its account failed and the request moves on). */
  public void release(Slot slot) {
    synchronized (this) {
      if (waited.remove(slot) == null) {
        return;
      }
    }
    try {
      slot.close();
    } catch (RuntimeException e) {
      LOG.warn(
          "slots.release_failed request_id={} error={}", requestId, e.getClass().getSimpleName());
    }
  }

  /**
   * What the request used of its limits, read when the slots go back (same round trip), and who
   * hears of the thresholds that release reached.
   */
  public void settle(
      Supplier<List<RequestGate.Charge>> next, Consumer<List<RequestGate.Crossing>> onCrossing) {
    crossed = onCrossing;
    charges = next;
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    leases.ended(this);
    List<SlotPool> pools;
    List<Slot> slots;
    synchronized (this) {
      pools = List.copyOf(gated);
      slots = List.copyOf(waited.keySet());
    }
    try {
      Supplier<List<RequestGate.Charge>> c = charges;
      List<RequestGate.Charge> used = c == null ? List.of() : c.get();
      if (background) {
        gate.releaseAsync(requestId, pools, used).whenComplete(this::released);
      } else {
        released(gate.release(requestId, pools, used), null);
      }
    } catch (RuntimeException e) {
      released(null, e);
    }
    for (Slot slot : slots) {
      try {
        slot.close();
      } catch (RuntimeException e) {
        LOG.warn(
            "slots.release_failed request_id={} error={}", requestId, e.getClass().getSimpleName());
      }
    }
  }

  private void released(
      @Nullable List<RequestGate.Crossing> crossings, @Nullable Throwable failure) {
    if (failure != null || crossings == null) {
      Throwable cause = failure instanceof CompletionException c ? c.getCause() : failure;
      LOG.warn(
          "slots.release_failed request_id={} error={}",
          requestId,
          cause == null ? "none" : cause.getClass().getSimpleName());
      return;
    }
    Consumer<List<RequestGate.Crossing>> listener = crossed;
    if (listener != null && !crossings.isEmpty()) {
      listener.accept(crossings);
    }
  }
}
