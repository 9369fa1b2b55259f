package io.subgate.adapter.jdbc;

import io.subgate.refresh.SweepCursor;
import jakarta.inject.Singleton;
import java.time.Clock;

/** {@link SweepCursor} in the accounts database. */
@Singleton
public class JdbcSweepCursor implements SweepCursor {
  private static final String NAME = "token-refresh";

  private final SweepCursorRowRepository rows;
  private final Clock clock;

  public JdbcSweepCursor(SweepCursorRowRepository rows, Clock clock) {
    this.rows = rows;
    this.clock = clock;
  }

  @Override
  public long load() {
    return rows.findById(NAME).map(SweepCursorRow::lastId).orElse(0L);
  }

  @Override
  public void save(long lastId) {
    rows.upsert(NAME, lastId, clock.instant());
  }
}
