package io.subgate.gateway.admission;

import io.subgate.concurrency.ConcurrencySlots;
import io.subgate.routing.SelectionSettings;
import io.subgate.support.DaemonThreads;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the slots of running requests alive. A slot is a short lease ({@code
 * subgate.selection.slot-ttl}, 12 s): a process killed while it holds slots (a Lambda timeout, an
 * OOM, a deploy) leaks them for one lease at most, and a live request — a stream longer than the
 * lease — renews every slot it holds every third of a lease (4 s: one round trip per slot held, so
 * a stream holding a user's and an account's slot costs Redis half a round trip a second), so it
 * never loses one.
 */
@Singleton
public final class SlotLeases {
  private static final Logger LOG = LoggerFactory.getLogger(SlotLeases.class);

  private final ConcurrencySlots slots;
  private final Duration ttl;
  private final Map<Holdings, Boolean> running = new ConcurrentHashMap<>();
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("slot-leases"));

  public SlotLeases(ConcurrencySlots slots, SelectionSettings selection) {
    this.slots = slots;
    this.ttl = selection.slotTtl();
    long every = Math.max(50, ttl.toMillis() / 3);
    timer.scheduleAtFixedRate(this::renewAll, every, every, TimeUnit.MILLISECONDS);
  }

  public void started(Holdings held) {
    running.put(held, Boolean.TRUE);
  }

  public void ended(Holdings held) {
    running.remove(held);
  }

  private void renewAll() {
    for (Holdings held : running.keySet()) {
      try {
        held.renew(slots, ttl);
      } catch (RuntimeException e) {
        // The lease runs on; the next tick tries again.
        LOG.warn("slots.renew_failed error={}", e.getClass().getSimpleName());
      }
    }
  }

  @PreDestroy
  public void close() {
    timer.shutdownNow();
  }
}
