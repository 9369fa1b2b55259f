package io.subgate.gateway.proxy;

import io.subgate.account.Account;
import io.subgate.account.AccountRepository;
import io.subgate.account.QuotaReport;
import io.subgate.account.QuotaWindow;
import io.subgate.support.DaemonThreads;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the usage windows an upstream reports (Codex) for operators: at most one write per account
 * every 30 s (sub2api's rate), at once for a 429, always on its own thread so the request path
 * makes no database call. A full queue drops the report: the next answer carries a newer one.
 */
@Singleton
final class QuotaRecorder {
  private static final Logger LOG = LoggerFactory.getLogger(QuotaRecorder.class);
  private static final Duration EVERY = Duration.ofSeconds(30);

  private final AccountRepository accounts;
  private final Clock clock;
  private final Map<Long, Instant> written = new ConcurrentHashMap<>();
  private final ThreadPoolExecutor writer =
      new ThreadPoolExecutor(
          1,
          1,
          0,
          TimeUnit.SECONDS,
          new ArrayBlockingQueue<>(256),
          DaemonThreads.named("quota-writer"));

  QuotaRecorder(AccountRepository accounts, Clock clock) {
    this.accounts = accounts;
    this.clock = clock;
  }

  /** An answer on {@code account} reported {@code windows}; {@code urgent} for a 429. */
  void observed(Account account, List<QuotaWindow> windows, boolean urgent) {
    if (windows.isEmpty()) {
      return;
    }
    Instant now = clock.instant();
    Instant last = written.get(account.id());
    if (!urgent && last != null && Duration.between(last, now).compareTo(EVERY) < 0) {
      return;
    }
    written.put(account.id(), now);
    QuotaReport report = new QuotaReport(windows, now);
    try {
      writer.execute(() -> store(account.id(), report));
    } catch (RejectedExecutionException e) {
      LOG.debug("quota.report_dropped account_id={}", account.id());
    }
  }

  private void store(long accountId, QuotaReport report) {
    try {
      accounts.recordQuota(accountId, report);
    } catch (RuntimeException e) {
      LOG.warn(
          "quota.report_not_stored account_id={} error={}",
          accountId,
          e.getClass().getSimpleName());
    }
  }

  @PreDestroy
  void close() {
    writer.shutdown();
  }
}
