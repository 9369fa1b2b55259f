package io.subgate.adapter.redis;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lettuce.core.api.StatefulRedisConnection;
import io.micronaut.context.ApplicationContext;
import io.subgate.testing.TestServices;
import io.subgate.token.BackendUnavailableException;
import io.subgate.token.RefreshLock;
import io.subgate.token.RefreshLockContract;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RedisRefreshLockTest extends RefreshLockContract {
  private final String namespace = TestServices.freshRedisNamespace();
  private ApplicationContext context;
  private RedisRefreshLock lock;
  private StatefulRedisConnection<String, String> raw;

  @BeforeAll
  void start() {
    context = TestServices.context(TestServices.freshH2Url(), TestServices.redis(namespace));
    lock =
        new RedisRefreshLock(
            context.getBean(RedisConnection.class), context.getBean(RedisNamespace.class));
    raw = context.getBean(io.lettuce.core.RedisClient.class).connect();
  }

  @AfterAll
  void stop() {
    raw.close();
    context.close();
  }

  @Override
  protected RefreshLock lock() {
    return lock;
  }

  @Override
  protected Duration shortLease() {
    return Duration.ofMillis(300);
  }

  @Override
  protected void letExpire(String key, Duration lease) {
    String redisKey = RedisKeys.refreshLock(namespace + ":", key);
    await()
        .atMost(Duration.ofSeconds(5))
        .pollInterval(Duration.ofMillis(50))
        .until(() -> raw.sync().exists(redisKey) == 0);
  }

  @Test
  void lease_isStoredWithItsOwnerAndATtl() {
    String key = "openai:account:ttl-check";
    var lease = lock.tryAcquire(key, Duration.ofSeconds(5)).orElseThrow();
    String redisKey = RedisKeys.refreshLock(namespace + ":", key);
    assertEquals(lease.owner(), raw.sync().get(redisKey));
    long pttl = raw.sync().pttl(redisKey);
    assertTrue(pttl > 0 && pttl <= 5000, "PTTL " + pttl);
    lock.release(lease);
  }

  @Test
  void unreachableRedis_isReportedAsUnavailable_notAsHeld() {
    try (ApplicationContext dead =
        TestServices.context(
            TestServices.freshH2Url(),
            Map.of("redis.uri", "redis://127.0.0.1:1", "subgate.redis.timeout", "500ms"))) {
      RedisRefreshLock deadLock =
          new RedisRefreshLock(
              dead.getBean(RedisConnection.class), dead.getBean(RedisNamespace.class));
      assertThrows(
          BackendUnavailableException.class, () -> deadLock.tryAcquire("k", Duration.ofSeconds(1)));
    }
  }
}
