package io.subgate.gateway.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.subgate.account.Account;
import io.subgate.account.Platform;
import io.subgate.adapter.redis.RedisHealth;
import io.subgate.testing.PrivateRedis;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Production wiring (PostgreSQL, a Redis of the test's own) with Redis stopped between requests:
 * requests keep being answered from the process, and Redis serves again once it is back.
 */
@MicronautTest(transactional = false)
class RedisOutageRequestsTest extends UpstreamTestBase {
  private static final PrivateRedis REDIS = new PrivateRedis();

  @Inject RedisHealth health;

  @Override
  protected void configure(Map<String, String> p) {
    p.put("redis.uri", REDIS.uri());
    p.put("subgate.redis.timeout", "500ms");
  }

  @AfterAll
  void stopRedis() {
    REDIS.close();
  }

  private int send(String key, int n) throws Exception {
    int ok = 0;
    for (int i = 0; i < n; i++) {
      if (Sse.send(
                  server.getURI(),
                  "/v1/messages",
                  key,
                  RequestPathTest.body(RequestPathTest.MESSAGES, i % 2 == 0))
              .statusCode()
          == 200) {
        ok++;
      }
    }
    return ok;
  }

  @Test
  void requestsAreAnsweredThroughARedisOutage_andRedisServesAgainAfterIt() throws Exception {
    Account a = pools().account(Platform.ANTHROPIC, "sk-outage-" + UUID.randomUUID(), 1, 4);
    String key = pools().key(Platform.ANTHROPIC, 4, a);
    assertEquals(10, send(key, 10));
    assertFalse(health.down());

    REDIS.stop();
    int during = send(key, 30);
    assertTrue(health.down());
    REDIS.start();
    long back = System.nanoTime();
    int after = 0;
    while (health.down() && System.nanoTime() - back < Duration.ofSeconds(5).toNanos()) {
      after += send(key, 1);
    }
    long backMs = (System.nanoTime() - back) / 1_000_000;
    after += send(key, 10);
    System.out.printf(
        "redis outage through the gateway: during %d/30 answered, Redis serving again after %d ms%n",
        during, backMs);
    assertEquals(30, during, "every request answered while Redis was down");
    assertFalse(health.down(), "Redis serves again");
    assertTrue(backMs <= 2_000, "back within about a second: " + backMs + " ms");
    assertTrue(after >= 10);
  }
}
