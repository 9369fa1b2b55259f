package io.subgate.adapter.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.subgate.concurrency.ConcurrencySlots;
import io.subgate.concurrency.SlotPool;
import io.subgate.routing.RequestGate;
import io.subgate.routing.RequestGateContract;
import io.subgate.routing.StickySessions;
import io.subgate.testing.TestDatabase;
import io.subgate.testing.TestServices;
import io.subgate.token.TokenCache;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RedisRequestGateTest extends RequestGateContract {
  private final TestDatabase db = TestServices.withRedis();

  @AfterAll
  void stop() {
    db.close();
  }

  protected TestDatabase db() {
    return db;
  }

  @Override
  protected RequestGate gate() {
    return db.bean(RedisRequestGate.class);
  }

  @Override
  protected ConcurrencySlots slots() {
    return db.bean(RedisConcurrencySlots.class);
  }

  @Override
  protected StickySessions sticky() {
    return db.bean(StickySessions.class);
  }

  @Override
  protected TokenCache tokens() {
    return db.bean(TokenCache.class);
  }

  @Test
  void scriptsSentByDigestStillRunAfterRedisForgetsThem() {
    RedisConnection redis = db.bean(RedisConnection.class);
    SlotPool user = SlotPool.user(77_101);
    Duration ttl = Duration.ofMinutes(1);
    RequestGate.Admit admit =
        new RequestGate.Admit("flush-1", user, 1, 9, null, List.of(), ttl, ttl, List.of(), 0);
    assertEquals(true, gate().admit(admit).userSlot());
    redis.call(c -> c.scriptFlush());
    RequestGate.Admit second =
        new RequestGate.Admit("flush-2", user, 1, 9, null, List.of(), ttl, ttl, List.of(), 0);
    long before = redis.roundTrips();
    // The user's one slot is taken: the script ran again (re-sent as text) and saw it.
    assertEquals(false, gate().admit(second).userSlot());
    assertEquals(1, redis.roundTrips() - before);
    gate().release("flush-1", List.of(user));
    assertEquals(true, gate().admit(second).userSlot());
    gate().release("flush-2", List.of(user));
  }

  @Test
  void aBackgroundReleaseStillRunsAfterRedisForgetsItsScript() throws Exception {
    RedisConnection redis = db.bean(RedisConnection.class);
    SlotPool user = SlotPool.user(77_201);
    Duration ttl = Duration.ofMinutes(1);
    assertEquals(
        true,
        gate()
            .admit(
                new RequestGate.Admit("af-1", user, 1, 9, null, List.of(), ttl, ttl, List.of(), 0))
            .userSlot());
    redis.call(c -> c.scriptFlush());
    long before = redis.roundTrips();
    gate()
        .releaseAsync("af-1", List.of(user), List.of())
        .toCompletableFuture()
        .get(5, java.util.concurrent.TimeUnit.SECONDS);
    assertEquals(1, redis.roundTrips() - before);
    assertEquals(0, slots().inUse(user, ttl), "released by the script re-sent as text");
  }

  @Test
  void eachPhaseIsOneRoundTrip() {
    RedisConnection redis = db.bean(RedisConnection.class);
    SlotPool user = SlotPool.user(77_001);
    SlotPool a = SlotPool.account(77_002);
    SlotPool b = SlotPool.account(77_003);
    Duration ttl = Duration.ofMinutes(1);
    long before = redis.roundTrips();
    gate()
        .admit(
            new RequestGate.Admit("rt", user, 5, 9, "sess", List.of(a, b), ttl, ttl, List.of(), 0));
    gate()
        .claim(
            new RequestGate.ClaimRequest("rt", a, 5, ttl, 9, a.id(), "sess", ttl, "k:account:1"));
    gate().release("rt", List.of(user, a));
    assertEquals(3, redis.roundTrips() - before);
  }
}
