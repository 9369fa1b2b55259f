package io.subgate.adapter.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.context.ApplicationContext;
import io.subgate.tenancy.FailedAuthentications;
import io.subgate.tenancy.FailedAuthenticationsContract;
import io.subgate.testing.PrivateRedis;
import io.subgate.testing.TestServices;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Two application contexts on one Redis namespace stand for two gateway processes. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RedisFailedAuthenticationsTest extends FailedAuthenticationsContract {
  private final String namespace = TestServices.freshRedisNamespace();
  private ApplicationContext first;
  private ApplicationContext second;

  @BeforeAll
  void start() {
    first = TestServices.context(TestServices.freshH2Url(), TestServices.redis(namespace));
    second = TestServices.context(TestServices.freshH2Url(), TestServices.redis(namespace));
  }

  @AfterAll
  void stop() {
    first.close();
    second.close();
  }

  @Override
  protected FailedAuthentications first() {
    return first.getBean(FailedAuthentications.class);
  }

  @Override
  protected FailedAuthentications second() {
    return second.getBean(FailedAuthentications.class);
  }

  @Test
  void aWindowsCount_expiresAfterTwoWindows_inRedis() {
    assertTrue(first() instanceof RedisFailedAuthentications);
    String address = "203.0.113.77";
    first().record("key", address, 5, 1);
    Long ttl =
        first
            .getBean(RedisConnection.class)
            .call(c -> c.ttl(namespacePrefix() + "authfail:key:5:" + address));
    assertTrue(ttl != null && ttl > 0 && ttl <= 2, "expires within two one-second windows: " + ttl);
  }

  @Test
  void withRedisOutOfReach_theCountIsTheProcesssOwn_andNeverFails() throws Exception {
    try (PrivateRedis redis = new PrivateRedis()) {
      Map<String, Object> p = new HashMap<>(TestServices.redis(TestServices.freshRedisNamespace()));
      p.put("redis.uri", redis.uri());
      p.put("subgate.redis.timeout", "300ms");
      try (ApplicationContext ctx = TestServices.context(TestServices.freshH2Url(), p)) {
        FailedAuthentications counts = ctx.getBean(FailedAuthentications.class);
        assertEquals(1, counts.record("admin", "192.0.2.1", 9, 60));
        redis.stop();
        assertEquals(1, counts.record("admin", "192.0.2.1", 9, 60), "the process's own count");
        assertEquals(2, counts.record("admin", "192.0.2.1", 9, 60));
      }
    }
  }

  private String namespacePrefix() {
    return first.getBean(RedisNamespace.class).prefix();
  }
}
