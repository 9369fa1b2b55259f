package io.subgate.adapter.redis;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lettuce.core.api.StatefulRedisConnection;
import io.micronaut.context.ApplicationContext;
import io.subgate.testing.TestServices;
import io.subgate.token.CachedToken;
import io.subgate.token.TokenCache;
import io.subgate.token.TokenCacheContract;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RedisTokenCacheTest extends TokenCacheContract {
  private final String namespace = TestServices.freshRedisNamespace();
  private ApplicationContext context;
  private StatefulRedisConnection<String, String> redis;

  @BeforeAll
  @SuppressWarnings("unchecked")
  void start() {
    context = TestServices.context(TestServices.freshH2Url(), TestServices.redis(namespace));
    redis = context.getBean(io.lettuce.core.RedisClient.class).connect();
  }

  @AfterAll
  void stop() {
    context.close();
  }

  @Override
  protected TokenCache cache() {
    return context.getBean(TokenCache.class);
  }

  @Override
  protected void letExpire(String key, Duration ttl) {
    String redisKey = RedisKeys.token(namespace + ":", key);
    await()
        .atMost(Duration.ofSeconds(5))
        .pollInterval(Duration.ofMillis(50))
        .until(() -> redis.sync().exists(redisKey) == 0);
  }

  @Test
  void wiredAdapter_isRedis_andStoresNoPlaintextToken() {
    assertInstanceOf(RedisTokenCache.class, cache());
    String key = key();
    cache().put(key, new CachedToken("sk-ant-oat01-PLAINTEXT", 7), Duration.ofMinutes(1));
    String raw = redis.sync().get(RedisKeys.token(namespace + ":", key));
    assertNotNull(raw);
    assertTrue(raw.startsWith("7:v1:"), "value is <version>:<ciphertext>");
    assertFalse(raw.contains("PLAINTEXT"));
    Long pttl = redis.sync().pttl(RedisKeys.token(namespace + ":", key));
    assertTrue(pttl != null && pttl > 0 && pttl <= 60_000, "TTL set on the key: " + pttl);
    assertEquals("sk-ant-oat01-PLAINTEXT", cache().get(key).orElseThrow().accessToken());
  }

  @Test
  void anEntryThatDoesNotDecrypt_isAMiss_andIsDropped() {
    String key = key();
    String redisKey = RedisKeys.token(namespace + ":", key);
    redis.sync().set(redisKey, "9:v1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
    assertTrue(cache().get(key).isEmpty(), "unreadable: a miss, not an exception");
    assertEquals(0L, redis.sync().exists(redisKey), "dropped, so a database read refills it");
    cache().put(key, new CachedToken("fresh", 10), Duration.ofMinutes(1));
    assertEquals("fresh", cache().get(key).orElseThrow().accessToken());
  }

  @Test
  void aCiphertextCopiedToAnotherAccountsEntry_doesNotDecryptThere() {
    String victim = key();
    String attacker = key();
    cache().put(attacker, new CachedToken("sk-ant-oat01-ATTACKERS", 3), Duration.ofMinutes(1));
    String stolen = redis.sync().get(RedisKeys.token(namespace + ":", attacker));
    assertNotNull(stolen);
    // Someone who can write Redis swaps the attacker's sealed token into the victim's entry.
    redis.sync().set(RedisKeys.token(namespace + ":", victim), stolen);
    assertTrue(cache().get(victim).isEmpty(), "bound to its own entry: a miss, never the token");
    assertEquals("sk-ant-oat01-ATTACKERS", cache().get(attacker).orElseThrow().accessToken());
  }
}
