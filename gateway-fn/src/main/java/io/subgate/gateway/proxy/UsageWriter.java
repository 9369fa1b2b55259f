package io.subgate.gateway.proxy;

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
 * With {@code subgate.usage.synchronous} (Lambda, whose frozen sandboxes must not hold unwritten
 * records) every record is written by the request before it returns.
 */
@Singleton
public class UsageWriter {
  private static final Logger LOG = LoggerFactory.getLogger(UsageWriter.class);
  private static final int BATCH = 500;

  private final UsageRepository usage;
  private final AccountRepository accounts;
  private final boolean synchronous;
  private final long lingerNanos;
  private final BlockingQueue<UsageRecord> queue = new ArrayBlockingQueue<>(10_000);
  private final Thread worker;
  private volatile boolean running = true;

  public UsageWriter(
      UsageRepository usage,
      AccountRepository accounts,
      @Value("${subgate.usage.synchronous:false}") boolean synchronous,
      @Value("${subgate.usage.batch-linger:200ms}") Duration linger) {
    this.usage = usage;
    this.accounts = accounts;
    this.synchronous = synchronous;
    this.lingerNanos = linger.toNanos();
    this.worker = new Thread(this::drainLoop, "usage-writer");
    worker.setDaemon(true);
    if (!synchronous) {
      worker.start();
    }
  }

  public void write(UsageRecord record) {
    if (synchronous || !queue.offer(record)) {
      append(List.of(record));
    }
  }

  private void drainLoop() {
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
        batch.clear();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private void append(List<UsageRecord> records) {
    try {
      usage.appendAll(records);
      Map<Long, Instant> lastUsed = new HashMap<>();
      for (UsageRecord r : records) {
        Long accountId = r.accountId();
        if (accountId != null) {
          lastUsed.merge(accountId, r.createdAt(), (a, b) -> a.isAfter(b) ? a : b);
        }
      }
      lastUsed.forEach(accounts::touchLastUsed);
    } catch (RuntimeException e) {
      LOG.error(
          "usage.write_failed records={} first_request_id={} error={}",
          records.size(),
          records.get(0).requestId(),
          e.getClass().getSimpleName());
    }
  }

  @PreDestroy
  void drain() throws InterruptedException {
    running = false;
    if (worker.isAlive()) {
      worker.join(10_000);
    }
  }
}
