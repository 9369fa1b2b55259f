package io.subgate.adapter.redis;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.subgate.concurrency.ConcurrencySlots;
import io.subgate.concurrency.SlotPool;
import io.subgate.routing.RequestGate;
import io.subgate.testing.PrivateRedis;
import io.subgate.testing.TestDatabase;
import io.subgate.testing.TestServices;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Redis stopped and started again under the request path's slot calls: while it is down every call
 * is served from the process (no exception reaches the caller), and within about a second of it
 * answering again calls are served by Redis once more.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RedisOutageTest {
  private final PrivateRedis redis = new PrivateRedis();
  private final TestDatabase db = TestDatabase.h2(properties());

  private Map<String, Object> properties() {
    Map<String, Object> p = new HashMap<>(TestServices.redis(TestServices.freshRedisNamespace()));
    p.put("redis.uri", redis.uri());
    p.put("subgate.redis.timeout", "500ms");
    return p;
  }

  @AfterAll
  void stop() {
    db.close();
    redis.close();
  }

  @Test
  void anOutage_costsAccuracyNotAvailability_andRedisIsUsedAgainWithinASecond() throws Exception {
    ConcurrencySlots slots = db.bean(ConcurrencySlots.class);
    RedisHealth health = db.bean(RedisHealth.class);
    assertTrue(db.bean(RequestGate.class) instanceof FallbackRequestGate);
    SlotPool pool = SlotPool.account(4242);
    Duration ttl = Duration.ofMinutes(1);

    assertTrue(slots.tryAcquire(pool, "before", 2, ttl));
    assertFalse(health.down());

    redis.stop();
    long cut = System.nanoTime();
    assertTrue(slots.tryAcquire(pool, "during-1", 2, ttl), "served from the process");
    long switchMs = (System.nanoTime() - cut) / 1_000_000;
    assertTrue(health.down());
    assertTrue(slots.tryAcquire(pool, "during-2", 2, ttl));
    assertFalse(slots.tryAcquire(pool, "during-3", 2, ttl), "the limit still holds per process");
    int answered = 0;
    for (int i = 0; i < 50; i++) {
      slots.release(pool, "during-2");
      if (slots.tryAcquire(pool, "during-2", 2, ttl)) {
        answered++;
      }
    }
    assertEquals(50, answered, "every call answered during the outage");

    redis.start();
    long back = System.nanoTime();
    long backMs = -1;
    while (System.nanoTime() - back < Duration.ofSeconds(5).toNanos()) {
      slots.inUse(pool, ttl);
      if (!health.down()) {
        backMs = (System.nanoTime() - back) / 1_000_000;
        break;
      }
      Thread.sleep(20);
    }
    System.out.printf("redis outage: switch in %d ms, back in %d ms%n", switchMs, backMs);
    assertTrue(backMs >= 0 && backMs <= 1_000, "Redis used again within 1 s: " + backMs + " ms");
    assertTrue(slots.tryAcquire(pool, "after", 2, ttl), "served by Redis again (a fresh pool)");
    assertEquals(1, slots.inUse(pool, ttl), "counted in Redis, which restarted empty");
  }

  @Test
  void aBackgroundReleaseDuringAnOutage_completes_andItsChargeReachesRedisOnceBack()
      throws Exception {
    RequestGate gate = db.bean(RequestGate.class);
    RedisHealth health = db.bean(RedisHealth.class);
    String day = "outage-async:" + System.nanoTime();
    RequestGate.Charge spent =
        new RequestGate.Charge(day, 40, 0, Duration.ofDays(1), List.of(day), 0);

    redis.stop();
    try {
      gate.releaseAsync("async-during", List.of(), List.of(spent))
          .toCompletableFuture()
          .get(5, TimeUnit.SECONDS);
      gate.releaseAsync("async-during-2", List.of(), List.of(spent))
          .toCompletableFuture()
          .get(5, TimeUnit.SECONDS);
      assertTrue(health.down(), "the failed release switched the process to its own state");
    } finally {
      redis.start();
    }
    await()
        .atMost(Duration.ofSeconds(5))
        .until(
            () -> {
              gate.releaseAsync("async-after", List.of(), List.of())
                  .toCompletableFuture()
                  .get(5, TimeUnit.SECONDS);
              return !health.down();
            });
    assertEquals(List.of(80L), gate.sums(List.of(List.of(day))), "both charges counted in Redis");
  }
}
