package io.subgate.adapter.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.subgate.routing.StickySessions;
import io.subgate.routing.StickySessionsContract;
import io.subgate.testing.TestDatabase;
import io.subgate.testing.TestServices;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RedisStickySessionsTest extends StickySessionsContract {
  private final TestDatabase db = TestServices.withRedis();

  @AfterAll
  void stop() {
    db.close();
  }

  @Override
  protected StickySessions sessions() {
    return db.bean(StickySessions.class);
  }

  @Override
  protected Duration ttl() {
    return Duration.ofMillis(600);
  }

  @Override
  protected void pass(Duration ttl) {
    // Redis expires keys on its own clock; a short real wait is the only way to let time pass.
    LockSupport.parkNanos(ttl.toNanos());
  }

  @Test
  void droppingAnAccount_walksEveryScanPage() {
    long account = 3_000_000L + Math.abs(UUID.randomUUID().getMostSignificantBits() % 1_000_000L);
    for (int i = 0; i < 1_200; i++) {
      sessions().bind(i % 7, "page-" + account + "-" + i, account, Duration.ofMinutes(5));
    }

    assertEquals(1_200, sessions().dropAccount(account));
    assertTrue(
        sessions().getAndTouch(3, "page-" + account + "-3", Duration.ofMinutes(5)).isEmpty());
  }
}
