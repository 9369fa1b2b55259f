package io.subgate.adapter.jdbc;

import io.subgate.refresh.SweepCursor;
import jakarta.inject.Singleton;
import java.time.Clock;

/** {@link SweepCursor} in the accounts database; its row is seeded by the migration. */
@Singleton
public class JdbcSweepCursor implements SweepCursor {
  static final String NAME = "token-refresh";

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
    if (rows.update(NAME, lastId, clock.instant()) != 1) {
      throw new IllegalStateException("sweep cursor row '" + NAME + "' is missing (migration V3)");
    }
  }
}
