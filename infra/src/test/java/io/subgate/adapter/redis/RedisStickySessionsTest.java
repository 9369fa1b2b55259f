package io.subgate.adapter.redis;

import io.subgate.routing.StickySessions;
import io.subgate.routing.StickySessionsContract;
import io.subgate.testing.TestDatabase;
import io.subgate.testing.TestServices;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterAll;
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
}
