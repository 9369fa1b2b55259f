package io.subgate.adapter.memory;

import io.subgate.token.RefreshLock;
import io.subgate.token.RefreshLockContract;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.threeten.extra.MutableClock;

class InMemoryRefreshLockTest extends RefreshLockContract {
  private final MutableClock clock =
      MutableClock.of(Instant.parse("2026-11-22T10:00:00Z"), ZoneOffset.UTC);
  private final InMemoryRefreshLock lock = new InMemoryRefreshLock(clock);

  @Override
  protected RefreshLock lock() {
    return lock;
  }

  @Override
  protected void letExpire(String key, Duration lease) {
    clock.add(lease.plusMillis(1));
  }
}
