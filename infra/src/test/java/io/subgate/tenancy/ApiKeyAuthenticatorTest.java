package io.subgate.tenancy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.subgate.account.Platform;
import io.subgate.testing.TestDatabase;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
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
  void thePrincipal_carriesTheLimitsOfItsKey_user_andGroup() {
    String key = issue("dora", 2);
    ApiKeyAuthenticator limited = small(40, 20);
    Principal bare = limited.authenticate(key).orElseThrow();
    LimitRepository limits = db.bean(LimitRepository.class);
    Budgets day = new Budgets(java.util.Map.of(BudgetWindow.DAY, 1_000_000L));
    limits.put(Owner.key(bare.apiKeyId()), new Limits(0, day));
    limits.put(Owner.user(bare.userId()), new Limits(30, Budgets.NONE));
    limits.put(
        Owner.group(bare.groupId()),
        new Limits(100, new Budgets(java.util.Map.of(BudgetWindow.MONTH, 50_000_000L))));
    limited.invalidateAll();

    Principal p = limited.authenticate(key).orElseThrow();

    assertEquals(Budgets.NONE, bare.keyBudgets());
    assertEquals(day, p.keyBudgets());
    assertEquals(new Limits(30, Budgets.NONE), p.userLimits());
    assertEquals(100, p.groupLimits().requestsPerMinute());
    assertEquals(50_000_000L, p.groupLimits().budgets().micros().get(BudgetWindow.MONTH));
  }

  @Test
  void unknownKey_isRejected_andTheRejectionIsCachedToo() {
    String wellFormed = ApiKeys.generate(); // a valid checksum, never issued
    assertTrue(auth.authenticate(wellFormed).isEmpty());
    int after = queries.get();
    assertTrue(auth.authenticate(wellFormed).isEmpty());
    assertEquals(after, queries.get());
  }

  @Test
  void tenThousandRandomKeys_causeNoDatabaseQuery() {
    String real = issue("carol", 1);
    assertTrue(auth.authenticate(real).isPresent());
    assertTrue(auth.authenticate("sk-sg-warm-up").isEmpty()); // loads the known hashes, once
    int before = queries.get();
    java.util.Random random = new java.util.Random(42);
    for (int i = 0; i < 10_000; i++) {
      String generated = ApiKeys.generate();
      String key =
          switch (i % 4) {
            case 0 -> "sk-sg-" + Long.toHexString(random.nextLong()); // made up
            case 1 -> broken(generated); // a real key mistyped
            case 2 -> generated.substring(0, generated.length() - 6); // the old shape
            default -> Long.toString(random.nextLong()); // anything at all
          };
      assertTrue(auth.authenticate(key).isEmpty(), key);
    }
    assertEquals(before, queries.get(), "no random key reached the database");
  }

  /**
   * An authenticator whose caches hold {@code found} keys that exist and {@code missing} others.
   */
  private ApiKeyAuthenticator small(int found, int missing) {
    return new ApiKeyAuthenticator(
        keys,
        db.bean(UserRepository.class),
        db.bean(LimitRepository.class),
        clock,
        Duration.ofSeconds(15),
        new io.subgate.adapter.memory.InMemoryKeyRevocations(),
        Duration.ofMinutes(5),
        found,
        missing);
  }

  @Test
  void aFloodOfWellFormedUnknownKeys_evictsNoKeyInUse() {
    ApiKeyAuthenticator auth = small(40, 20);
    List<String> inUse = new java.util.ArrayList<>();
    for (int i = 0; i < 30; i++) {
      inUse.add(issue("user-" + i, 1));
    }
    inUse.forEach(k -> assertTrue(auth.authenticate(k).isPresent()));
    for (int i = 0; i < 2_000; i++) {
      // A valid checksum, so each one is looked up once: what a guesser who knows the format sends.
      assertTrue(auth.authenticate(ApiKeys.generate()).isEmpty());
    }
    int before = queries.get();
    inUse.forEach(k -> assertTrue(auth.authenticate(k).isPresent()));
    assertEquals(before, queries.get(), "every key in use still answered from the cache");
  }

  @Test
  void oneOffKeys_doNotPushOutTheKeysUsedOften() {
    ApiKeyAuthenticator auth = small(30, 20);
    List<String> hot = new java.util.ArrayList<>();
    for (int i = 0; i < 20; i++) {
      hot.add(issue("hot-" + i, 1));
    }
    for (int round = 0; round < 8; round++) {
      hot.forEach(k -> assertTrue(auth.authenticate(k).isPresent()));
    }
    for (int i = 0; i < 150; i++) {
      assertTrue(auth.authenticate(issue("once-" + i, 1)).isPresent());
    }
    int before = queries.get();
    hot.forEach(k -> assertTrue(auth.authenticate(k).isPresent()));
    assertEquals(before, queries.get(), "the often-used keys kept their place (W-TinyLFU)");
  }

  /** {@code key} with one character of its random part changed: the checksum no longer holds. */
  private static String broken(String key) {
    int at = 10;
    char c = key.charAt(at) == 'x' ? 'y' : 'x';
    return key.substring(0, at) + c + key.substring(at + 1);
  }

  @Test
  void keysIssuedBeforeTheChecksum_keepWorking() {
    long userId = db.bean(UserRepository.class).create("dave", 2).id();
    long groupId = db.bean(GroupRepository.class).create("dave-g", Platform.ANTHROPIC).id();
    String generated = ApiKeys.generate();
    String old = generated.substring(0, generated.length() - 6); // the shape issued until now
    db.bean(ApiKeyRepository.class)
        .create(userId, groupId, "old", ApiKeys.hash(old), ApiKeys.displayPrefix(old));
    assertTrue(auth.authenticate(old).isPresent(), "an old key is among the known hashes");
    assertTrue(ApiKeys.checksummed(ApiKeys.generate()), "new keys carry a checksum");
    assertTrue(!ApiKeys.checksummed(old));
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

  @Test
  void aLookupInFlightDuringARevoke_neverCachesTheKeyAsActive() throws Exception {
    String key = issue("erin", 1);
    String hash = ApiKeys.hash(key);
    java.util.concurrent.CountDownLatch reading = new java.util.concurrent.CountDownLatch(1);
    java.util.concurrent.CountDownLatch revoked = new java.util.concurrent.CountDownLatch(1);
    ApiKeyRepository real = db.bean(ApiKeyRepository.class);
    ApiKeyRepository slow =
        (ApiKeyRepository)
            Proxy.newProxyInstance(
                ApiKeyRepository.class.getClassLoader(),
                new Class<?>[] {ApiKeyRepository.class},
                (p, m, args) -> {
                  Object out = m.invoke(real, args); // reads the key while it is still active
                  if (m.getName().equals("findByHash")) {
                    reading.countDown();
                    revoked.await(5, java.util.concurrent.TimeUnit.SECONDS);
                  }
                  return out;
                });
    ApiKeyAuthenticator racing =
        new ApiKeyAuthenticator(
            slow,
            db.bean(UserRepository.class),
            clock,
            Duration.ofSeconds(15),
            new io.subgate.adapter.memory.InMemoryKeyRevocations());
    java.util.concurrent.ExecutorService other =
        java.util.concurrent.Executors.newSingleThreadExecutor();
    try {
      java.util.concurrent.Future<java.util.Optional<Principal>> inFlight =
          other.submit(() -> racing.authenticate(key));
      assertTrue(reading.await(5, java.util.concurrent.TimeUnit.SECONDS), "lookup under way");
      real.setActive(real.findByHash(hash).orElseThrow().id(), false);
      racing.invalidate(hash); // what the revoke does, while the lookup is still out
      revoked.countDown();
      assertTrue(
          inFlight.get(5, java.util.concurrent.TimeUnit.SECONDS).isPresent(),
          "the lookup read the key before the revoke");
    } finally {
      other.shutdownNow();
    }
    assertTrue(racing.authenticate(key).isEmpty(), "the stale answer was not kept");
  }
}
