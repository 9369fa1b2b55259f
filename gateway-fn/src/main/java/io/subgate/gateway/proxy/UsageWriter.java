package io.subgate.gateway.proxy;

import io.subgate.account.AccountRepository;
import io.subgate.tenancy.UsageRecord;
import io.subgate.tenancy.UsageRepository;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes usage records, and the account's last-used time that selection's LRU order reads, off the
 * response path on one worker with a bounded queue. When the queue is full the caller writes
 * synchronously (nothing is dropped); on shutdown the queue is drained.
 */
@Singleton
public class UsageWriter {
  private static final Logger LOG = LoggerFactory.getLogger(UsageWriter.class);

  private final UsageRepository usage;
  private final AccountRepository accounts;
  private final ThreadPoolExecutor worker =
      new ThreadPoolExecutor(
          1,
          1,
          0,
          TimeUnit.MILLISECONDS,
          new ArrayBlockingQueue<>(10_000),
          r -> {
            Thread t = new Thread(r, "usage-writer");
            t.setDaemon(true);
            return t;
          });

  public UsageWriter(UsageRepository usage, AccountRepository accounts) {
    this.usage = usage;
    this.accounts = accounts;
  }

  public void write(UsageRecord record) {
    try {
      worker.execute(() -> append(record));
    } catch (RejectedExecutionException e) {
      append(record);
    }
  }

  private void append(UsageRecord record) {
    try {
      usage.append(record);
      Long accountId = record.accountId();
      if (accountId != null) {
        accounts.touchLastUsed(accountId, record.createdAt());
      }
    } catch (RuntimeException e) {
      LOG.error(
          "usage.write_failed request_id={} error={}",
          record.requestId(),
          e.getClass().getSimpleName());
    }
  }

  @PreDestroy
  void drain() throws InterruptedException {
    worker.shutdown();
    worker.awaitTermination(10, TimeUnit.SECONDS);
  }
}
