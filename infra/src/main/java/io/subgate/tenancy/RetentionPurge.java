package io.subgate.tenancy;

import io.micrometer.core.instrument.MeterRegistry;
import io.subgate.login.LoginSessions;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * Deletes usage records and audit entries past their retention, and OAuth login sessions a day
 * after they began (they live 10 minutes), a bounded batch per table each time it runs (the
 * refresher's sweep runs it), so a large backlog goes over several sweeps and none holds the
 * database long.
 */
@Singleton
public final class RetentionPurge {
  /** What one run deleted. */
  public record Purged(int usage, int audit, int logins) {}

  /** How long a login session's row is kept: long past its 10-minute life, for an operator. */
  static final Duration LOGIN_SESSIONS = Duration.ofDays(1);

  private final UsageRepository usage;
  private final AuditLog audit;
  private final LoginSessions logins;
  private final RetentionSettings settings;
  private final MeterRegistry registry;
  private final Clock clock;

  public RetentionPurge(
      UsageRepository usage,
      AuditLog audit,
      LoginSessions logins,
      RetentionSettings settings,
      MeterRegistry registry,
      Clock clock) {
    this.usage = usage;
    this.audit = audit;
    this.logins = logins;
    this.settings = settings;
    this.registry = registry;
    this.clock = clock;
  }

  public Purged run() {
    Instant now = clock.instant();
    int usageRows = purge(settings.usage(), now, "usage", c -> usage.purgeBefore(c, batch()));
    int auditRows = purge(settings.audit(), now, "audit", c -> audit.purgeBefore(c, batch()));
    int loginRows =
        purge(LOGIN_SESSIONS, now, "oauth_sessions", c -> logins.purgeBefore(c, batch()));
    return new Purged(usageRows, auditRows, loginRows);
  }

  private int batch() {
    return Math.max(1, settings.batch());
  }

  private int purge(
      @Nullable Duration keep,
      Instant now,
      String table,
      java.util.function.ToIntFunction<Instant> delete) {
    if (keep == null || keep.isZero() || keep.isNegative()) {
      return 0;
    }
    int n = delete.applyAsInt(now.minus(keep));
    registry.counter("subgate.retention.purged", "table", table).increment(n);
    return n;
  }
}
