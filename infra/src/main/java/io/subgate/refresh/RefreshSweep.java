package io.subgate.refresh;

import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.json.JsonMapper;
import io.subgate.account.Account;
import io.subgate.account.AccountRepository;
import io.subgate.account.Platform;
import io.subgate.alert.AlertDispatcher;
import io.subgate.alert.AlertWatch;
import io.subgate.config.PlatformEndpoints;
import io.subgate.refresh.SweepTally.Result;
import io.subgate.support.Deadline;
import io.subgate.support.RandomSource;
import io.subgate.support.Sleeper;
import io.subgate.tenancy.RetentionPurge;
import io.subgate.token.TokenLifecycle;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One pass of the token refresher (sub2api's TokenRefreshService cycle), shared by refresher-fn's
 * Lambda handler, its command line and the local run's schedule. Pages active OAuth accounts by id
 * from a stored cursor, refreshes the due ones through the shared token flow with bounded
 * concurrency and a per-platform rate, pre-warms the cache for the others, and stops taking work
 * before its deadline so an interrupted run resumes where it stopped.
 */
@Singleton
public class RefreshSweep {
  private static final Logger LOG = LoggerFactory.getLogger(RefreshSweep.class);

  private final AccountRepository accounts;
  private final TokenLifecycle lifecycle;
  private final PlatformEndpoints endpoints;
  private final RefreshSettings settings;
  private final SweepCursor cursor;
  private final MeterRegistry registry;
  private final JsonMapper json;
  private final Clock clock;
  private final Sleeper sleeper;
  private final RandomSource random;
  private final RetentionPurge retention;
  private final AlertWatch alerts;
  private final AlertDispatcher dispatcher;

  public RefreshSweep(
      AccountRepository accounts,
      TokenLifecycle lifecycle,
      PlatformEndpoints endpoints,
      RefreshSettings settings,
      SweepCursor cursor,
      MeterRegistry registry,
      JsonMapper json,
      Clock clock,
      Sleeper sleeper,
      RandomSource random,
      RetentionPurge retention,
      AlertWatch alerts,
      AlertDispatcher dispatcher) {
    this.alerts = alerts;
    this.dispatcher = dispatcher;
    this.retention = retention;
    this.accounts = accounts;
    this.lifecycle = lifecycle;
    this.endpoints = endpoints;
    this.settings = settings;
    this.cursor = cursor;
    this.registry = registry;
    this.json = json;
    this.clock = clock;
    this.sleeper = sleeper;
    this.random = random;
  }

  /** A sweep with the configured cycle budget. */
  public SweepReport run() {
    return run(Deadline.after(settings.cycleTimeout(), clock));
  }

  /** A sweep that takes no new work once less than one attempt's time is left. */
  public SweepReport run(Deadline deadline) {
    long started = System.nanoTime();
    Set<Platform> misconfigured = misconfiguredPlatforms();
    Pass pass = new Pass(deadline, misconfigured);
    long resumeFrom = cursor.load();
    boolean complete;
    try {
      complete =
          pass.scan(resumeFrom, Long.MAX_VALUE) && (resumeFrom == 0 || pass.scan(0, resumeFrom));
    } finally {
      pass.finish();
    }
    cursor.save(complete ? 0 : pass.lastTaken);
    SweepReport report =
        pass.tally.report(
            misconfigured.stream().map(Platform::wireName).toList(),
            List.copyOf(pass.breakers.trippedPlatforms()),
            complete,
            Duration.ofNanos(System.nanoTime() - started).toMillis());
    log(report);
    purgeExpiredRecords();
    tellAlerts(report);
    return report;
  }

  /**
   * The pool's conditions after the sweep, told to the operator's webhooks, and every delivery due
   * (a retry of an earlier one included) sent before the sweep returns — a Lambda invocation is
   * frozen after it. An alert that cannot be told never fails the sweep.
   */
  private void tellAlerts(SweepReport report) {
    try {
      alerts.afterSweep(report.failed(), report.disabled());
      alerts.evaluate();
      dispatcher.deliverDue();
    } catch (RuntimeException e) {
      LOG.warn("alerts.failed error={}", e.getClass().getSimpleName());
    }
  }

  private Set<Platform> misconfiguredPlatforms() {
    Set<Platform> missing = EnumSet.noneOf(Platform.class);
    for (Platform p : Platform.values()) {
      String what = endpoints.of(p).missingForRefresh();
      if (!what.isEmpty()) {
        missing.add(p);
        LOG.warn("refresh_sweep.platform_misconfigured platform={} missing={}", p.wireName(), what);
      }
    }
    return missing;
  }

  /** The mutable state of one run. */
  private final class Pass {
    final Deadline deadline;
    final Set<Platform> misconfigured;
    final SweepTally tally = new SweepTally(registry);
    final PlatformBreakers breakers = new PlatformBreakers(settings.failureThreshold());
    final AccountRefresh refresh;
    final ExecutorService pool;
    final Semaphore queued;
    long lastTaken;

    Pass(Deadline deadline, Set<Platform> misconfigured) {
      this.deadline = deadline;
      this.misconfigured = misconfigured;
      this.refresh =
          new AccountRefresh(
              lifecycle,
              accounts,
              settings,
              breakers,
              new PlatformRateGate(settings.platformRate(), clock, sleeper),
              clock,
              sleeper,
              random);
      int workers = Math.max(1, settings.concurrency());
      this.pool = Executors.newFixedThreadPool(workers);
      this.queued = new Semaphore(workers * 2);
    }

    /** Accounts in (from, upTo]; false when it stopped because time ran out. */
    boolean scan(long from, long upTo) {
      long after = from;
      while (true) {
        List<Account> page = accounts.listRefreshable(after, settings.pageSize());
        for (Account account : page) {
          if (account.id() > upTo) {
            return true;
          }
          if (deadline.remaining().compareTo(settings.attemptTimeout()) < 0) {
            return false;
          }
          take(account);
          lastTaken = account.id();
        }
        // An empty page ends the scan, not a short one: the repository may leave out rows it
        // cannot read, so a short page is not proof that nothing follows.
        if (page.isEmpty()) {
          return true;
        }
        after = page.get(page.size() - 1).id();
      }
    }

    private void take(Account account) {
      tally.count(Result.SCANNED);
      Duration window =
          account.platform() == Platform.ANTIGRAVITY
              ? settings.antigravityWindow()
              : settings.window();
      Instant expiresAt = account.credentials().expiresAt();
      boolean due = expiresAt == null || !expiresAt.isAfter(clock.instant().plus(window));
      if (!due) {
        if (lifecycle.prewarm(account)) {
          tally.count(Result.PREWARMED);
        }
        return;
      }
      tally.count(Result.DUE);
      if (misconfigured.contains(account.platform())) {
        tally.count(Result.SKIPPED_PLATFORM);
        return;
      }
      queued.acquireUninterruptibly();
      pool.execute(
          () -> {
            try {
              tally.count(refresh.refresh(account, window, deadline));
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
              LOG.error(
                  "refresh_sweep.account_error account_id={} error={}",
                  account.id(),
                  e.getClass().getSimpleName());
              tally.count(Result.FAILED);
            } finally {
              queued.release();
            }
          });
    }

    void finish() {
      pool.shutdown();
      try {
        long waitMs = deadline.remaining().plus(settings.attemptTimeout()).toMillis();
        if (!pool.awaitTermination(waitMs, TimeUnit.MILLISECONDS)) {
          pool.shutdownNow();
        }
      } catch (InterruptedException e) {
        pool.shutdownNow();
        Thread.currentThread().interrupt();
      }
    }
  }

  /**
   * Usage and audit rows past their retention, a batch each; a failure waits for the next sweep.
   */
  private void purgeExpiredRecords() {
    try {
      RetentionPurge.Purged purged = retention.run();
      if (purged.usage() + purged.audit() + purged.logins() > 0) {
        LOG.info(
            "retention.purged usage={} audit={} oauth_sessions={}",
            purged.usage(),
            purged.audit(),
            purged.logins());
      }
    } catch (RuntimeException e) {
      LOG.warn("retention.purge_failed cause={}", e.getClass().getSimpleName());
    }
  }

  private void log(SweepReport report) {
    try {
      LOG.info("refresh_sweep.completed {}", json.writeValueAsString(report));
    } catch (IOException e) {
      LOG.info("refresh_sweep.completed {}", report);
    }
  }
}
