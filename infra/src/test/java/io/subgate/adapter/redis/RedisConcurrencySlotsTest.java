package io.subgate.adapter.redis;

import static org.awaitility.Awaitility.await;

import io.subgate.concurrency.ConcurrencySlots;
import io.subgate.concurrency.ConcurrencySlotsContract;
import io.subgate.concurrency.SlotPool;
import io.subgate.testing.TestDatabase;
import io.subgate.testing.TestServices;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.TestInstance;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RedisConcurrencySlotsTest extends ConcurrencySlotsContract {
  private final TestDatabase db = TestServices.withRedis();

  @AfterAll
  void stop() {
    db.close();
  }

  @Override
  protected ConcurrencySlots slots() {
    return db.bean(RedisConcurrencySlots.class);
  }

  @Override
  protected Duration shortTtl() {
    return Duration.ofMillis(300);
  }

  @Override
  protected void letWaitersExpire(SlotPool pool, Duration ttl) {
    await()
        .atMost(Duration.ofSeconds(5))
        .pollInterval(Duration.ofMillis(50))
        .until(
            () ->
                slots()
                        .loads(java.util.List.of(pool), ttl)
                        .getOrDefault(pool, new io.subgate.concurrency.ConcurrencySlots.Load(0, 0))
                        .waiting()
                    == 0);
  }

  @Override
  protected void letExpire(SlotPool pool, Duration ttl) {
    await()
        .atMost(Duration.ofSeconds(5))
        .pollInterval(Duration.ofMillis(50))
        .until(() -> slots().inUse(pool, ttl) == 0);
  }
}
