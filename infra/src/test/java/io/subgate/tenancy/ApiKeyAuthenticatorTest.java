package io.subgate.tenancy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.subgate.account.Platform;
import io.subgate.testing.TestDatabase;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.threeten.extra.MutableClock;

/** Authentication by key hash on PostgreSQL, with the in-process cache counted query by query. */
class ApiKeyAuthenticatorTest {
  private final TestDatabase db = TestDatabase.postgres();
  private final MutableClock clock =
      MutableClock.of(Instant.parse("2026-11-22T10:00:00Z"), ZoneOffset.UTC);
  private final AtomicInteger queries = new AtomicInteger();
  private final ApiKeyRepository keys = counting(db.bean(ApiKeyRepository.class));
  private final ApiKeyAuthenticator auth =
      new ApiKeyAuthenticator(
          keys,
          db.bean(UserRepository.class),
          clock,
          Duration.ofSeconds(15),
          new io.subgate.adapter.memory.InMemoryKeyRevocations());

  @AfterEach
  void stop() {
    db.close();
  }

  private ApiKeyRepository counting(ApiKeyRepository real) {
    return (ApiKeyRepository)
        Proxy.newProxyInstance(
            ApiKeyRepository.class.getClassLoader(),
            new Class<?>[] {ApiKeyRepository.class},
            (p, m, args) -> {
              queries.incrementAndGet();
              return m.invoke(real, args);
            });
  }

  private String issue(String user, int concurrency) {
    long userId = db.bean(UserRepository.class).create(user, concurrency).id();
    long groupId = db.bean(GroupRepository.class).create(user + "-g", Platform.ANTHROPIC).id();
    String plaintext = ApiKeys.generate();
    db.bean(ApiKeyRepository.class)
        .create(userId, groupId, "k", ApiKeys.hash(plaintext), ApiKeys.displayPrefix(plaintext));
    return plaintext;
  }

  @Test
  void knownKey_resolvesToItsPrincipal_andWarmCallsQueryNothing() {
    String key = issue("alice", 4);
    Principal p = auth.authenticate(key).orElseThrow();
    assertEquals(4, p.userConcurrency());
    int afterFirst = queries.get();
    for (int i = 0; i < 100; i++) {
      assertEquals(p, auth.authenticate(key).orElseThrow());
    }
    assertEquals(afterFirst, queries.get(), "warm requests make no database query");
    clock.add(Duration.ofSeconds(16));
    auth.authenticate(key);
    assertEquals(afterFirst + 1, queries.get(), "re-read after the TTL");
  }

  @Test
  void unknownKey_isRejected_andTheRejectionIsCachedToo() {
    assertTrue(auth.authenticate("sk-sg-nope").isEmpty());
    int after = queries.get();
    assertTrue(auth.authenticate("sk-sg-nope").isEmpty());
    assertEquals(after, queries.get());
  }

  @Test
  void disabledKey_isRejectedAtOnceAfterInvalidation() {
    String key = issue("bob", 2);
    Principal p = auth.authenticate(key).orElseThrow();
    db.bean(ApiKeyRepository.class).setActive(p.apiKeyId(), false);
    assertTrue(auth.authenticate(key).isPresent(), "still cached in this process");
    auth.invalidate(ApiKeys.hash(key));
    assertTrue(auth.authenticate(key).isEmpty());
  }
}
