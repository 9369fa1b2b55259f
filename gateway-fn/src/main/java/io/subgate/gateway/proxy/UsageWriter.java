package io.subgate.gateway.proxy;

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
        long until = System.nanoTime() + lingerNanos;
        while (batch.size() < BATCH && running) {
          queue.drainTo(batch, BATCH - batch.size());
          long left = until - System.nanoTime();
          UsageRecord next = left <= 0 ? null : queue.poll(left, TimeUnit.NANOSECONDS);
          if (next == null) {
            break;
          }
          batch.add(next);
        }
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
    List<UsageRecord> written = records;
    try {
      usage.appendAll(records);
    } catch (RuntimeException batchFailure) {
      LOG.warn(
          "usage.batch_failed records={} error={}",
          records.size(),
          batchFailure.getClass().getSimpleName());
      rows.retried.increment(records.size());
      written = new ArrayList<>(records.size());
      List<UsageRecord> failed = new ArrayList<>();
      for (UsageRecord r : records) {
        try {
          usage.append(r);
          written.add(r);
        } catch (RuntimeException e) {
          failed.add(r);
        }
      }
      spool(failed);
    }
    rows.written.increment(written.size());
    touch(written);
  }

  private void spool(List<UsageRecord> failed) {
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
   * killed one journaled but never stored.
   */
  private void replaySpool() {
    List<UsageRecord> spooled = new ArrayList<>(spool.takeAll());
    spooled.addAll(journal.leftOver());
    if (!spooled.isEmpty()) {
      LOG.info("usage.spool_replay records={}", spooled.size());
      for (int i = 0; i < spooled.size(); i += BATCH) {
        append(spooled.subList(i, Math.min(spooled.size(), i + BATCH)));
      }
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

  @PreDestroy
  void drain() throws InterruptedException {
    writeDeferred();
    running = false;
    if (worker.isAlive()) {
      worker.join(10_000);
    }
    List<UsageRecord> left = new ArrayList<>();
    queue.drainTo(left);
    spool(left);
    journal.done(left);
  }

  /** Rows written, retried one by one after a failed batch, spooled, and lost (spool failed). */
  private static final class Rows {
    final Counter written;
    final Counter retried;
    final Counter spooled;
    final Counter lost;

    Rows(MeterRegistry registry) {
      written = registry.counter("subgate.usage.rows", "outcome", "written");
      retried = registry.counter("subgate.usage.rows", "outcome", "retried");
      spooled = registry.counter("subgate.usage.rows", "outcome", "spooled");
      lost = registry.counter("subgate.usage.rows", "outcome", "lost");
    }
  }
}
