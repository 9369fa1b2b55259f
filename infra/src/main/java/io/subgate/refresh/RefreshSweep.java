package io.subgate.refresh;

import io.subgate.account.Account;
import io.subgate.account.AccountRepository;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One pass over the accounts whose OAuth tokens are due. Shared by refresher-fn's Lambda handler,
 * its command line and the schedule inside the local run, so the three cannot drift apart.
 *
 * <p>This pass pages the due accounts by id cursor and reports them; refreshing each one through
 * the token lifecycle is added with the token-lifecycle and refresher work.
 */
@Singleton
public class RefreshSweep {
  private static final Logger LOG = LoggerFactory.getLogger(RefreshSweep.class);
  private static final int PAGE_SIZE = 200;

  private final AccountRepository accounts;
  private final RefreshSettings settings;
  private final Clock clock;

  public RefreshSweep(AccountRepository accounts, RefreshSettings settings, Clock clock) {
    this.accounts = accounts;
    this.settings = settings;
    this.clock = clock;
  }

  /** Runs one sweep and returns its summary. */
  public SweepReport run() {
    Instant started = clock.instant();
    Instant dueBefore = started.plus(settings.window());
    long cursor = 0;
    int due = 0;
    while (true) {
      List<Account> page = accounts.listRefreshCandidates(cursor, dueBefore, PAGE_SIZE);
      due += page.size();
      if (page.size() < PAGE_SIZE) {
        break;
      }
      cursor = page.get(page.size() - 1).id();
    }
    SweepReport report =
        new SweepReport(due, Duration.between(started, clock.instant()).toMillis());
    LOG.info("refresh_sweep.completed due={} durationMs={}", report.due(), report.durationMs());
    return report;
  }
}
