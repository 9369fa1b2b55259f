package io.subgate.gateway.usage;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Value;
import io.subgate.account.AccountRepository;
import io.subgate.tenancy.UsageRecord;
import io.subgate.tenancy.UsageRepository;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes usage records, and the account last-used times that selection's LRU order reads, off the
 * response path: one worker drains a bounded queue in batches (one insert per batch, one last-used
 * update per account per batch). A batch is written when it is full or {@code
 * subgate.usage.batch-linger} after its first record, so the database sees a few statements per
 * hundred requests however slowly they arrive (a record lands within that time). When the queue is
 * full the caller writes its record itself (nothing is dropped); on shutdown the queue is drained.
 * A batch the database refuses is retried row by row, and rows that still fail (a database blip) go
 * to {@link UsageSpool}, as does what a drain leaves; the spool is replayed at start. Every queued
 * record is first appended to {@link UsageJournal}, so a process killed with its queue full loses
 * nothing either: the next start replays what the journal holds unmarked. With {@code
 * subgate.usage.synchronous} (Lambda, whose frozen sandboxes must not hold unwritten records) every
 * record is written by the request before it returns; with {@code subgate.usage.after-response}
 * (the streaming Lambda runtime) by {@link #writeDeferred} once the answer is complete and before
 * the next event is asked for.
 */
@Singleton
public class UsageWriter {
  private static final Logger LOG = LoggerFactory.getLogger(UsageWriter.class);
  private static final int BATCH = 500;
  private static final long LINGER_SLICE_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

  private final UsageRepository usage;
  private final AccountRepository accounts;
  private final UsageSpool spool;
  private final UsageJournal journal;
  private final Rows rows;
  private final boolean synchronous;
  private final boolean afterResponse;
  private final java.util.Queue<UsageRecord> deferred =
      new java.util.concurrent.ConcurrentLinkedQueue<>();
  private final long lingerNanos;
  private final BlockingQueue<UsageRecord> queue = new ArrayBlockingQueue<>(10_000);
  private final Thread worker;
  private volatile boolean running = true;

  public UsageWriter(
      UsageRepository usage,
      AccountRepository accounts,
      UsageSpool spool,
      UsageJournal journal,
      MeterRegistry registry,
      @Value("${subgate.usage.synchronous:false}") boolean synchronous,
      @Value("${subgate.usage.after-response:false}") boolean afterResponse,
      @Value("${subgate.usage.batch-linger:200ms}") Duration linger) {
    this.usage = usage;
    this.accounts = accounts;
    this.spool = spool;
    this.journal = journal;
    this.rows = new Rows(registry);
    this.synchronous = synchronous || afterResponse;
    this.afterResponse = afterResponse;
    this.lingerNanos = linger.toNanos();
    this.worker = new Thread(this::drainLoop, "usage-writer");
    worker.setDaemon(true);
    if (!this.synchronous) {
      worker.start();
    } else {
      replaySpool();
    }
  }

  public void write(UsageRecord record) {
    if (afterResponse) {
      deferred.add(record);
      return;
    }
    if (synchronous) {
      append(List.of(record));
      return;
    }
    journal.append(record);
    if (!queue.offer(record)) {
      append(List.of(record));
      journal.done(List.of(record));
    }
  }

  /**
   * Writes what this invocation recorded, once its answer is complete and before the runtime asks
   * for the next event (a frozen sandbox holds nothing): the streaming Lambda runtime's last step.
   * Why not on the request thread: the database write would delay the end of the client's answer.
   */
  public void writeDeferred() {
    List<UsageRecord> records = new ArrayList<>();
    for (UsageRecord r = deferred.poll(); r != null; r = deferred.poll()) {
      records.add(r);
    }
    if (!records.isEmpty()) {
      append(records);
    }
  }

  private void drainLoop() {
    replaySpool();
    List<UsageRecord> batch = new ArrayList<>(BATCH);
    while (running || !queue.isEmpty()) {
      try {
        UsageRecord first = queue.poll(200, TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        batch.add(first);
        linger();
        queue.drainTo(batch, BATCH - batch.size());
        append(batch);
        journal.done(batch);
        batch.clear();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /**
   * Writes {@code records}: as one batch; when that fails, row by row (one bad row costs only
   * itself); rows that still fail go to the spool, replayed at the next start.
   */
  private void append(List<UsageRecord> records) {
    spool(store(records), 0);
  }

  /** Stores {@code records} (a batch, else row by row) and returns the rows that failed. */
  private List<UsageRecord> store(List<UsageRecord> records) {
    List<UsageRecord> written = records;
    List<UsageRecord> failed = List.of();
    try {
      usage.appendAll(records);
    } catch (RuntimeException batchFailure) {
      LOG.warn(
          "usage.batch_failed records={} error={}",
          records.size(),
          batchFailure.getClass().getSimpleName());
      rows.retried.increment(records.size());
      written = new ArrayList<>(records.size());
      failed = new ArrayList<>();
      for (UsageRecord r : records) {
        try {
          usage.append(r);
          written.add(r);
        } catch (RuntimeException e) {
          failed.add(r);
        }
      }
    }
    rows.written.increment(written.size());
    touch(written);
    return failed;
  }

  private void spool(List<UsageRecord> failed, int tries) {
    spool(failed.stream().map(r -> new UsageSpool.Spooled(r, tries)).toList());
  }

  private void spool(List<UsageSpool.Spooled> failed) {
    if (failed.isEmpty()) {
      return;
    }
    if (spool.append(failed)) {
      rows.spooled.increment(failed.size());
      LOG.warn("usage.spooled records={}", failed.size());
    } else {
      rows.lost.increment(failed.size());
    }
  }

  /**
   * Replays what an earlier run spooled (a database blip, a drain that ran out of time) and what a
   * killed one journaled but never stored. A row that fails again counts one failed replay only
   * when the database is up (it answers a read): an outage ages no row. Past {@link
   * UsageSpool#MAX_TRIES} the row is dead-lettered instead of being replayed at every start.
   */
  private void replaySpool() {
    List<UsageSpool.Spooled> spooled = new ArrayList<>(spool.takeAll());
    journal.leftOver().forEach(r -> spooled.add(new UsageSpool.Spooled(r, 0)));
    if (spooled.isEmpty()) {
      return;
    }
    LOG.info("usage.spool_replay records={}", spooled.size());
    Map<UsageRecord, Integer> tries = new java.util.IdentityHashMap<>();
    spooled.forEach(s -> tries.put(s.record(), s.tries()));
    List<UsageRecord> failed = new ArrayList<>();
    List<UsageRecord> all = spooled.stream().map(UsageSpool.Spooled::record).toList();
    for (int i = 0; i < all.size(); i += BATCH) {
      failed.addAll(store(all.subList(i, Math.min(all.size(), i + BATCH))));
    }
    if (failed.isEmpty()) {
      return;
    }
    int counted = databaseUp() ? 1 : 0;
    List<UsageSpool.Spooled> again = new ArrayList<>();
    List<UsageSpool.Spooled> dead = new ArrayList<>();
    for (UsageRecord r : failed) {
      UsageSpool.Spooled next = new UsageSpool.Spooled(r, tries.getOrDefault(r, 0) + counted);
      (next.tries() >= UsageSpool.MAX_TRIES ? dead : again).add(next);
    }
    spool(again);
    if (!dead.isEmpty()) {
      LOG.error("usage.dead_lettered records={}", dead.size());
      if (spool.deadLetter(dead)) {
        rows.deadLettered.increment(dead.size());
      } else {
        rows.lost.increment(dead.size());
      }
    }
  }

  /** Whether the usage store answers a read now (a refused row is then the row's fault). */
  private boolean databaseUp() {
    try {
      usage.recentForKey(-1, 1);
      return true;
    } catch (RuntimeException e) {
      return false;
    }
  }

  private void touch(List<UsageRecord> records) {
    if (records.isEmpty()) {
      return;
    }
    try {
      Map<Long, Instant> lastUsed = new HashMap<>();
      for (UsageRecord r : records) {
        Long accountId = r.accountId();
        if (accountId != null) {
          lastUsed.merge(accountId, r.createdAt(), (a, b) -> a.isAfter(b) ? a : b);
        }
      }
      lastUsed.forEach(accounts::touchLastUsed);
    } catch (RuntimeException e) {
      LOG.warn("usage.last_used_not_stored error={}", e.getClass().getSimpleName());
    }
  }

  /**
   * Lets a batch gather for the linger, or until it is full. Why parked in slices rather than
   * polling the queue: a waiting poll is woken by every record offered, a futex wake per request at
   * thousands a second; a parked thread is not, so it wakes a few times per batch.
   */
  private void linger() throws InterruptedException {
    long until = System.nanoTime() + lingerNanos;
    for (long left = lingerNanos;
        left > 0 && running && queue.size() < BATCH - 1;
        left = until - System.nanoTime()) {
      LockSupport.parkNanos(this, Math.min(left, LINGER_SLICE_NANOS));
      if (Thread.interrupted()) {
        throw new InterruptedException();
      }
    }
  }

  /** Records waiting for the worker to take them. */
  int queued() {
    return queue.size();
  }

  @PreDestroy
  public void drain() throws InterruptedException {
    writeDeferred();
    running = false;
    LockSupport.unpark(worker);
    if (worker.isAlive()) {
      worker.join(10_000);
    }
    List<UsageRecord> left = new ArrayList<>();
    queue.drainTo(left);
    spool(left, 0);
    journal.done(left);
  }

  /**
   * Rows written, retried one by one after a failed batch, spooled, dead-lettered (refused on every
   * replay), and lost (the spool failed or was full).
   */
  private static final class Rows {
    final Counter written;
    final Counter retried;
    final Counter spooled;
    final Counter deadLettered;
    final Counter lost;

    Rows(MeterRegistry registry) {
      written = registry.counter("subgate.usage.rows", "outcome", "written");
      retried = registry.counter("subgate.usage.rows", "outcome", "retried");
      spooled = registry.counter("subgate.usage.rows", "outcome", "spooled");
      deadLettered = registry.counter("subgate.usage.rows", "outcome", "dead_lettered");
      lost = registry.counter("subgate.usage.rows", "outcome", "lost");
    }
  }
}
