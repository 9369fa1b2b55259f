package io.subgate.tenancy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.context.ApplicationContext;
import io.subgate.account.Account;
import io.subgate.account.AccountRepository;
import io.subgate.account.AccountType;
import io.subgate.account.DuplicateNameException;
import io.subgate.account.ModelMapping;
import io.subgate.account.NewAccount;
import io.subgate.account.Platform;
import io.subgate.account.StaticKeyCredentials;
import io.subgate.account.UnknownEntityException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Groups, users, API keys and usage on a real database (PostgreSQL and H2 subclasses). */
public abstract class TenancyRepositoriesContract {

  protected abstract ApplicationContext context();

  private static String unique(String base) {
    return base + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  private Account account() {
    return context()
        .getBean(AccountRepository.class)
        .create(
            new NewAccount(
                unique("a"),
                Platform.ANTHROPIC,
                AccountType.APIKEY,
                1,
                1,
                new StaticKeyCredentials("sk", null)));
  }

  @Test
  void group_createAddAccounts_isIdempotent() {
    GroupRepository groups = context().getBean(GroupRepository.class);
    Group g = groups.create(unique("g"), Platform.ANTHROPIC);
    Account a = account();
    Account b = account();
    groups.addAccounts(g.id(), List.of(b.id(), a.id()));
    groups.addAccounts(g.id(), List.of(a.id()));
    assertEquals(List.of(a.id(), b.id()), groups.accountIds(g.id()));
    assertEquals(Set.of(Platform.ANTHROPIC), groups.findById(g.id()).orElseThrow().platforms());
  }

  @Test
  void group_losesAMember_isListed_andTakesNoDeletedAccount() {
    GroupRepository groups = context().getBean(GroupRepository.class);
    Group g = groups.create(unique("g"), Platform.ANTHROPIC);
    Account a = account();
    Account b = account();
    groups.addAccounts(g.id(), List.of(a.id(), b.id()));

    assertTrue(groups.removeAccount(g.id(), a.id()));
    assertFalse(groups.removeAccount(g.id(), a.id()), "not a member any more");
    assertEquals(List.of(b.id()), groups.accountIds(g.id()));
    assertTrue(groups.list(g.id() - 1, 10).stream().anyMatch(x -> x.id() == g.id()));

    context().getBean(AccountRepository.class).delete(b.id());
    assertEquals(List.of(), groups.accountIds(g.id()), "a deleted account leaves its groups");
    assertThrows(UnknownEntityException.class, () -> groups.addAccounts(g.id(), List.of(b.id())));
  }

  @Test
  void user_disableAndList_keyRenameExpiryAndList() {
    UserRepository users = context().getBean(UserRepository.class);
    GroupRepository groups = context().getBean(GroupRepository.class);
    ApiKeyRepository keys = context().getBean(ApiKeyRepository.class);
    User u = users.create(unique("u"), 2);
    long group = groups.create(unique("g"), Platform.ANTHROPIC).id();
    ApiKey k =
        keys.create(
            u.id(), group, "k", "h" + UUID.randomUUID().toString().replace("-", ""), "sk-x");
    Instant expiry = Instant.parse("2031-01-01T00:00:00Z");

    assertTrue(users.setActive(u.id(), false));
    assertFalse(users.findById(u.id()).orElseThrow().active());
    assertTrue(users.list(u.id() - 1, 10).stream().anyMatch(x -> x.id() == u.id()));
    assertTrue(keys.update(k.id(), "renamed", expiry, 60, 100_000));
    ApiKey read = keys.findById(k.id()).orElseThrow();
    assertEquals("renamed", read.name());
    assertEquals(expiry, read.expiresAt());
    assertTrue(read.usableAt(expiry.minusSeconds(1)));
    assertFalse(read.usableAt(expiry), "expired at its expiry");
    assertEquals(List.of(k.id()), keys.list(u.id(), 0, 10).stream().map(ApiKey::id).toList());
    assertEquals(60, keys.findById(k.id()).orElseThrow().requestsPerMinute());
    assertEquals(100_000, keys.findById(k.id()).orElseThrow().tokensPerDay());
    assertFalse(keys.update(Long.MAX_VALUE, "x", null, 0, 0));
  }

  /** A record of 10 in, 5 out; {@code m-a} priced at $0.0015 (with cache figures), others not. */
  private static UsageRecord used(long key, long account, String model, int status, Instant at) {
    boolean priced = model.equals("m-a");
    return new UsageRecord(
        UUID.randomUUID().toString(),
        key,
        7,
        account,
        1,
        model,
        10,
        5,
        status,
        false,
        20,
        null,
        at,
        priced ? 4 : 0,
        priced ? 3 : 0,
        null,
        null,
        1,
        0,
        priced ? 1 : 0,
        priced ? 2 : 0,
        priced ? 1_500_000_000L : null,
        priced ? "2026-12-03+oabcdef12" : null,
        priced ? new java.math.BigDecimal("1.5000") : java.math.BigDecimal.ONE);
  }

  @Test
  void usage_keepsItsCostFigures_exactly() {
    UsageRepository usage = context().getBean(UsageRepository.class);
    long key = 8_000_000L + (UUID.randomUUID().getMostSignificantBits() & 0xffff);
    Instant at = Instant.parse("2026-06-02T00:00:00Z");
    UsageRecord priced = used(key, 1, "m-a", 200, at);
    UsageRecord unpriced = used(key, 1, "m-b", 200, at.plusSeconds(1));
    usage.appendAll(List.of(priced, unpriced));
    usage.append(used(key, 1, "m-a", 200, at.plusSeconds(2)));

    List<UsageRecord> back = usage.recentForKey(key, 10);

    assertEquals(3, back.size());
    for (UsageRecord r : back) {
      boolean isPriced = r.model().equals("m-a");
      assertEquals(isPriced ? 1_500_000_000L : null, r.costPico(), r.model());
      assertEquals(isPriced ? "2026-12-03+oabcdef12" : null, r.priceVersion());
      assertEquals(isPriced ? 1 : 0, r.cacheCreation1hTokens());
      assertEquals(isPriced ? 2 : 0, r.reasoningTokens());
      assertEquals(isPriced ? 4 : 0, r.cacheCreationTokens());
      assertEquals(
          0,
          (isPriced ? new java.math.BigDecimal("1.5") : java.math.BigDecimal.ONE)
              .compareTo(r.rateMultiplier()));
      assertEquals(isPriced ? 2_250_000_000L : null, r.chargedPico());
    }
  }

  @Test
  void usage_movesItsKeysLastUseForward() {
    UsageRepository usage = context().getBean(UsageRepository.class);
    ApiKeyRepository keys = context().getBean(ApiKeyRepository.class);
    long user = context().getBean(UserRepository.class).create(unique("u"), 1).id();
    long group =
        context().getBean(GroupRepository.class).create(unique("g"), Platform.ANTHROPIC).id();
    ApiKey k =
        keys.create(user, group, "k", "h" + UUID.randomUUID().toString().replace("-", ""), "sk-x");
    Instant later = Instant.parse("2026-06-02T00:00:00Z");

    usage.appendAll(
        List.of(
            used(k.id(), 1, "m", 200, later), used(k.id(), 1, "m", 200, later.minusSeconds(60))));
    usage.appendAll(List.of(used(k.id(), 1, "m", 200, later.minusSeconds(3600))));

    assertEquals(later, keys.findById(k.id()).orElseThrow().lastUsedAt(), "never moved back");
  }

  @Test
  void usage_totalsByBucketAndDimension_andTheLogPagesNewestFirst() {
    UsageRepository usage = context().getBean(UsageRepository.class);
    UsageQueries queries = context().getBean(UsageQueries.class);
    Account a = account();
    long key = Math.abs(UUID.randomUUID().getMostSignificantBits() % 1_000_000_000L);
    Instant day = Instant.parse("2026-06-01T00:00:00Z");
    usage.appendAll(
        List.of(
            used(key, a.id(), "m-a", 200, day.plusSeconds(60)),
            used(key, a.id(), "m-a", 500, day.plusSeconds(3_700)),
            used(key, a.id(), "m-b", 200, day.plusSeconds(3_800)),
            used(key, a.id(), "m-a", 200, day.plusSeconds(86_400 + 5))));

    List<UsageQueries.Total> byModel =
        queries.totals(
            day,
            day.plusSeconds(2 * 86_400),
            UsageQueries.Dimension.MODEL,
            UsageQueries.Bucket.DAY,
            key);
    List<UsageQueries.Total> byHour =
        queries.totals(
            day,
            day.plusSeconds(86_400),
            UsageQueries.Dimension.PLATFORM,
            UsageQueries.Bucket.HOUR,
            key);

    assertEquals(
        List.of(
            new UsageQueries.Total(
                day, "m-a", 2, 20, 10, 1, 8, 6, 3_000_000_000L, 4_500_000_000L, 0),
            new UsageQueries.Total(day, "m-b", 1, 10, 5, 0, 0, 0, 0, 0, 1),
            new UsageQueries.Total(
                day.plusSeconds(86_400),
                "m-a",
                1,
                10,
                5,
                0,
                4,
                3,
                1_500_000_000L,
                2_250_000_000L,
                0)),
        byModel);
    assertEquals(
        List.of(
            new UsageQueries.Total(
                day, "anthropic", 1, 10, 5, 0, 4, 3, 1_500_000_000L, 2_250_000_000L, 0),
            new UsageQueries.Total(
                day.plusSeconds(3_600),
                "anthropic",
                2,
                20,
                10,
                1,
                4,
                3,
                1_500_000_000L,
                2_250_000_000L,
                1)),
        byHour);

    assertEquals(
        new UsageQueries.Spend(2, 1_500_000_000L, 1),
        queries.accountSpend(a.id(), day.plusSeconds(3_600), day.plusSeconds(86_400)),
        "the hour's two requests: one priced, one not");
    UsageQueries.Filter all =
        new UsageQueries.Filter(day, day.plusSeconds(2 * 86_400), key, null, null, null);
    List<UsageQueries.Logged> first = queries.log(all, Long.MAX_VALUE, 3);
    List<UsageQueries.Logged> rest = queries.log(all, first.get(2).id(), 3);
    assertEquals(3, first.size());
    assertEquals(1, rest.size());
    assertEquals(day.plusSeconds(60), rest.get(0).record().createdAt(), "oldest last");
    assertEquals(
        1,
        queries
            .log(
                new UsageQueries.Filter(day, day.plusSeconds(86_400), key, a.id(), "m-a", 500),
                Long.MAX_VALUE,
                10)
            .size());
  }

  @Test
  void retention_deletesTheOldestFirst_aBatchAtATime_andNothingNewer() {
    UsageRepository usage = context().getBean(UsageRepository.class);
    long key = 9_000_000L + (UUID.randomUUID().getMostSignificantBits() & 0xffff);
    Instant old = Instant.parse("2001-03-01T00:00:00Z");
    usage.appendAll(
        List.of(
            used(key, 1, "m-old", 200, old),
            used(key, 1, "m-old", 200, old.plusSeconds(60)),
            used(key, 1, "m-old", 200, old.plusSeconds(120)),
            used(key, 1, "m-new", 200, Instant.parse("2001-06-01T00:00:00Z"))));
    Instant cutoff = Instant.parse("2001-04-01T00:00:00Z");

    int first = usage.purgeBefore(cutoff, 2);
    int rest = usage.purgeBefore(cutoff, 100);
    int none = usage.purgeBefore(cutoff, 100);

    assertEquals(2, first, "a batch at most");
    assertTrue(rest >= 1, "the third old record (and any older one) next");
    assertEquals(0, none);
    List<String> left = usage.recentForKey(key, 10).stream().map(UsageRecord::model).toList();
    assertEquals(List.of("m-new"), left);

    AuditLog audit = context().getBean(AuditLog.class);
    String target = unique("account:");
    audit.record("admin-1", "account.disable", target, null, null);
    Instant recorded =
        audit.recent(Long.MAX_VALUE, 50).stream()
            .filter(e -> e.target().equals(target))
            .findFirst()
            .orElseThrow()
            .at();
    assertTrue(audit.purgeBefore(recorded.plusNanos(1_000), 100_000) >= 1);
    audit.record("admin-1", "account.enable", target, null, null);
    assertEquals(0, audit.purgeBefore(recorded.plusNanos(1_000), 100_000), "nothing newer");
    assertEquals(
        List.of("account.enable"),
        audit.recent(Long.MAX_VALUE, 50).stream()
            .filter(e -> e.target().equals(target))
            .map(AuditLog.Entry::action)
            .toList());
  }

  @Test
  void audit_recordsChanges_newestFirst() {
    AuditLog audit = context().getBean(AuditLog.class);
    String target = unique("account:");
    audit.record(
        "admin-1",
        "account.disable",
        target,
        "{\"status\":\"active\"}",
        "{\"status\":\"disabled\"}");
    audit.record("admin-1", "account.delete", target, "{\"status\":\"disabled\"}", null);

    List<AuditLog.Entry> recent =
        audit.recent(Long.MAX_VALUE, 50).stream().filter(e -> e.target().equals(target)).toList();

    assertEquals(
        List.of("account.delete", "account.disable"),
        recent.stream().map(AuditLog.Entry::action).toList());
    assertEquals(null, recent.get(0).after());
    assertEquals("{\"status\":\"active\"}", recent.get(1).before());
    assertEquals("admin-1", recent.get(1).actor());
  }

  @Test
  void loginSessions_areTakenOnce_andOnlyWhileYoung() {
    io.subgate.login.LoginSessions sessions =
        context().getBean(io.subgate.login.LoginSessions.class);
    Instant t0 = Instant.parse("2026-06-01T10:00:00Z");
    String young = unique("state");
    String old = unique("state");
    sessions.save(
        new io.subgate.login.LoginSessions.Session(
            young, Platform.OPENAI, "oauth", "verifier-1", "http://localhost:1455/cb", t0));
    sessions.save(
        new io.subgate.login.LoginSessions.Session(
            old, Platform.GEMINI, "oauth", "verifier-2", "https://x/cb", t0.minusSeconds(3600)));
    java.time.Duration ttl = java.time.Duration.ofMinutes(10);

    var taken = sessions.take(young, t0.plusSeconds(60), ttl);

    assertTrue(taken.isPresent());
    assertEquals("verifier-1", taken.get().verifier());
    assertEquals(Platform.OPENAI, taken.get().platform());
    assertTrue(sessions.take(young, t0.plusSeconds(61), ttl).isEmpty(), "used once");
    assertTrue(sessions.take(old, t0, ttl).isEmpty(), "expired");
    assertTrue(sessions.take(unique("never"), t0, ttl).isEmpty(), "unknown");
  }

  @Test
  void loginSessions_olderThanTheCutoff_arePurged_oldestFirst_inBatches() {
    io.subgate.login.LoginSessions sessions =
        context().getBean(io.subgate.login.LoginSessions.class);
    Instant t0 = Instant.parse("2020-01-01T00:00:00Z"); // older than any other test's sessions
    List<String> states = new java.util.ArrayList<>();
    for (int i = 0; i < 3; i++) {
      String state = unique("purge");
      states.add(state);
      sessions.save(
          new io.subgate.login.LoginSessions.Session(
              state, Platform.OPENAI, "oauth", "v", "http://x/cb", t0.plusSeconds(i)));
    }
    String young = unique("young");
    sessions.save(
        new io.subgate.login.LoginSessions.Session(
            young, Platform.OPENAI, "oauth", "v", "http://x/cb", t0.plusSeconds(3600)));
    Instant cutoff = t0.plusSeconds(60);
    assertEquals(2, sessions.purgeBefore(cutoff, 2), "a batch at a time");
    assertEquals(1, sessions.purgeBefore(cutoff, 2));
    assertEquals(0, sessions.purgeBefore(cutoff, 2));
    java.time.Duration forever = java.time.Duration.ofDays(100_000);
    assertTrue(sessions.take(states.get(2), t0.plusSeconds(3601), forever).isEmpty(), "gone");
    assertTrue(sessions.take(young, t0.plusSeconds(3601), forever).isPresent(), "kept");
  }

  @Test
  void group_addWithOneUnknownAccount_writesNothing() {
    GroupRepository groups = context().getBean(GroupRepository.class);
    Group g = groups.create(unique("g"), Platform.ANTHROPIC);
    Account a = account();
    assertThrows(
        UnknownEntityException.class, () -> groups.addAccounts(g.id(), List.of(a.id(), 999_999L)));
    assertEquals(List.of(), groups.accountIds(g.id()));
  }

  @Test
  void group_mixedWithSettings_roundTrips_andUpdatesAreFencedOnTheVersion() {
    GroupRepository groups = context().getBean(GroupRepository.class);
    Group fallback = groups.create(unique("fb"), Platform.ANTHROPIC);
    GroupSettings settings =
        new GroupSettings(
            new ModelMapping(Map.of("claude-*", "claude-sonnet-4-5", "fast", "gpt-5-mini")),
            Map.of(Platform.OPENAI, "gpt-5", Platform.GEMINI, "gemini-2.5-pro"),
            fallback.id());
    Group g =
        groups.create(
            unique("mixed"),
            Set.of(Platform.OPENAI, Platform.ANTHROPIC, Platform.GEMINI),
            settings);

    Group read = groups.findById(g.id()).orElseThrow();
    assertEquals(Set.of(Platform.OPENAI, Platform.ANTHROPIC, Platform.GEMINI), read.platforms());
    assertEquals(settings, read.settings());
    assertEquals(0, read.version());
    assertTrue(read.mixed());
    assertEquals("mixed", read.platformName());

    assertTrue(
        groups.update(
            g.id(), 0, "renamed-" + g.name(), Set.of(Platform.OPENAI), GroupSettings.NONE));
    Group after = groups.findById(g.id()).orElseThrow();
    assertEquals("renamed-" + g.name(), after.name());
    assertEquals(Set.of(Platform.OPENAI), after.platforms());
    assertEquals(GroupSettings.NONE, after.settings());
    assertEquals(1, after.version());
    assertFalse(
        groups.update(g.id(), 0, g.name(), Set.of(Platform.OPENAI), GroupSettings.NONE),
        "a change made against version 0 after it moved on");
    assertEquals("renamed-" + g.name(), groups.findById(g.id()).orElseThrow().name());
  }

  @Test
  void group_fallbackMustExist_andNotBeItself() {
    GroupRepository groups = context().getBean(GroupRepository.class);
    Group g = groups.create(unique("g"), Platform.ANTHROPIC);
    GroupSettings unknown = new GroupSettings(ModelMapping.NONE, Map.of(), 987_654L);
    assertThrows(
        UnknownEntityException.class,
        () -> groups.create(unique("g"), Set.of(Platform.ANTHROPIC), unknown));
    GroupSettings self = new GroupSettings(ModelMapping.NONE, Map.of(), g.id());
    assertThrows(
        UnknownEntityException.class,
        () -> groups.update(g.id(), 0, g.name(), g.platforms(), self));
    Group other = groups.create(unique("g"), Platform.ANTHROPIC);
    assertThrows(
        DuplicateNameException.class,
        () -> groups.update(g.id(), 0, other.name(), g.platforms(), GroupSettings.NONE));
  }

  @Test
  void deletes_hideUsersKeysAndGroups_freeTheirNames_andAGroupInUseStays() {
    UserRepository users = context().getBean(UserRepository.class);
    GroupRepository groups = context().getBean(GroupRepository.class);
    ApiKeyRepository keys = context().getBean(ApiKeyRepository.class);
    String userName = unique("u");
    User u = users.create(userName, 2);
    Group g = groups.create(unique("g"), Platform.ANTHROPIC);
    Group other = groups.create(unique("g"), Platform.ANTHROPIC);
    groups.addAccounts(g.id(), List.of(account().id()));
    String plaintext = ApiKeys.generate();
    ApiKey k =
        keys.create(u.id(), g.id(), "k", ApiKeys.hash(plaintext), ApiKeys.displayPrefix(plaintext));

    assertTrue(users.update(u.id(), userName + "-x", 7));
    assertEquals(7, users.findById(u.id()).orElseThrow().concurrency());
    assertEquals(1, groups.liveKeys(g.id()));
    assertFalse(groups.delete(g.id()), "a key still points at it");
    assertTrue(
        groups.update(
            other.id(),
            0,
            other.name(),
            other.platforms(),
            new GroupSettings(ModelMapping.NONE, Map.of(), g.id())));
    assertEquals(List.of(other.id()), groups.fallingBackTo(g.id()));

    assertTrue(keys.delete(k.id()));
    assertFalse(keys.delete(k.id()), "already gone");
    assertTrue(keys.findById(k.id()).isEmpty());
    assertFalse(keys.findByHash(ApiKeys.hash(plaintext)).orElseThrow().active(), "never serves");
    assertFalse(keys.allHashes().contains(ApiKeys.hash(plaintext)));
    assertTrue(keys.list(u.id(), 0, 10).isEmpty());
    assertFalse(groups.delete(g.id()), "another group's fallback still points at it");
    assertTrue(groups.update(other.id(), 1, other.name(), other.platforms(), GroupSettings.NONE));
    assertTrue(groups.delete(g.id()));
    assertTrue(groups.findById(g.id()).isEmpty());
    assertEquals(List.of(), groups.accountIds(g.id()), "its accounts let go");
    assertTrue(groups.list(g.id() - 1, 10).stream().noneMatch(x -> x.id() == g.id()));
    groups.create(g.name(), Platform.OPENAI); // the name is free again

    assertTrue(users.delete(u.id()));
    assertTrue(users.findById(u.id()).isEmpty());
    assertFalse(users.update(u.id(), "again", 1), "gone");
    users.create(userName + "-x", 1); // the name is free again
  }

  @Test
  void group_duplicateName_isRejected() {
    GroupRepository groups = context().getBean(GroupRepository.class);
    String name = unique("g");
    groups.create(name, Platform.OPENAI);
    assertThrows(DuplicateNameException.class, () -> groups.create(name, Platform.GEMINI));
  }

  @Test
  void user_createAndFind_duplicateRejected() {
    UserRepository users = context().getBean(UserRepository.class);
    String name = unique("u");
    User u = users.create(name, 4);
    assertEquals(4, users.findById(u.id()).orElseThrow().concurrency());
    assertTrue(users.findById(u.id()).orElseThrow().active());
    assertThrows(DuplicateNameException.class, () -> users.create(name, 1));
  }

  @Test
  void apiKey_foundByHashOnly_andCanBeDisabled() {
    User u = context().getBean(UserRepository.class).create(unique("u"), 5);
    Group g = context().getBean(GroupRepository.class).create(unique("g"), Platform.OPENAI);
    ApiKeyRepository keys = context().getBean(ApiKeyRepository.class);
    String plaintext = ApiKeys.generate();
    ApiKey k =
        keys.create(
            u.id(), g.id(), "laptop", ApiKeys.hash(plaintext), ApiKeys.displayPrefix(plaintext));

    ApiKey found = keys.findByHash(ApiKeys.hash(plaintext)).orElseThrow();
    assertEquals(k.id(), found.id());
    assertEquals(g.id(), found.groupId());
    assertTrue(keys.findByHash(ApiKeys.hash(plaintext + "x")).isEmpty());
    assertThrows(
        DuplicateNameException.class,
        () -> keys.create(u.id(), g.id(), "laptop", ApiKeys.hash("other"), "sk-sg-xxxx"));

    keys.setActive(k.id(), false);
    assertFalse(keys.findById(k.id()).orElseThrow().active());
  }

  @Test
  void usage_appendedAndReadNewestFirst() {
    UsageRepository usage = context().getBean(UsageRepository.class);
    long keyId = Math.abs(UUID.randomUUID().getMostSignificantBits() % 1_000_000) + 1;
    Instant t0 = Instant.parse("2026-11-22T10:00:00Z");
    usage.append(
        new UsageRecord("r1", keyId, 1, 3L, 2, "claude-x", 10, 20, 200, true, 150, 40L, t0));
    usage.append(
        new UsageRecord(
            "r2", keyId, 1, null, 2, "claude-x", 0, 0, 429, false, 5, null, t0.plusSeconds(1)));
    List<UsageRecord> recent = usage.recentForKey(keyId, 10);
    assertEquals(List.of("r2", "r1"), recent.stream().map(UsageRecord::requestId).toList());
    assertEquals(20, recent.get(1).outputTokens());
    assertEquals(40L, recent.get(1).firstTokenMs());
  }

  @Test
  void usage_appendedInABatch() {
    UsageRepository usage = context().getBean(UsageRepository.class);
    long keyId = Math.abs(UUID.randomUUID().getMostSignificantBits() % 1_000_000) + 1;
    Instant t0 = Instant.parse("2026-11-22T11:00:00Z");
    List<UsageRecord> batch = new java.util.ArrayList<>();
    for (int i = 0; i < 5; i++) {
      batch.add(
          new UsageRecord(
              "b" + i,
              keyId,
              1,
              3L,
              2,
              "gpt-5",
              i,
              2L * i,
              200,
              false,
              10,
              null,
              t0.plusSeconds(i)));
    }
    usage.appendAll(batch);
    List<UsageRecord> recent = usage.recentForKey(keyId, 10);
    assertEquals(
        List.of("b4", "b3", "b2", "b1", "b0"),
        recent.stream().map(UsageRecord::requestId).toList());
    assertEquals(8, recent.get(0).outputTokens());
  }

  @Test
  void usage_aValueLongerThanItsColumn_failsNoBatch() {
    UsageRepository usage = context().getBean(UsageRepository.class);
    long keyId = Math.abs(UUID.randomUUID().getMostSignificantBits() % 1_000_000) + 1;
    Instant t0 = Instant.parse("2026-11-22T12:00:00Z");
    List<UsageRecord> batch = new java.util.ArrayList<>();
    for (int i = 0; i < 3; i++) {
      String model = i == 1 ? "m".repeat(100_000) : "gpt-5";
      batch.add(
          new UsageRecord(
              "long" + i, keyId, 1, 3L, 2, model, 1, 1, 200, false, 10, null, t0.plusSeconds(i)));
    }
    usage.appendAll(batch);
    List<UsageRecord> recent = usage.recentForKey(keyId, 10);
    assertEquals(3, recent.size(), "all three records of the batch are stored");
    assertEquals(200, recent.get(1).model().length(), "the long model name cut to its column");
  }

  @Test
  void usage_controlCharacters_areStripped_soNoRowIsRefused() {
    UsageRepository usage = context().getBean(UsageRepository.class);
    long keyId = Math.abs(UUID.randomUUID().getMostSignificantBits() % 1_000_000) + 1;
    Instant t0 = Instant.parse("2026-11-22T12:00:00Z");
    // PostgreSQL refuses U+0000 in text, in COPY and INSERT alike.
    String hostile = "gpt\u0000-5\u0007\n\u001b[31m";
    usage.appendAll(
        List.of(
            new UsageRecord(
                "ctl\u0000id", keyId, 1, 3L, 2, hostile, 1, 1, 200, false, 10, null, t0)));
    List<UsageRecord> recent = usage.recentForKey(keyId, 10);
    assertEquals(1, recent.size(), "stored, not spooled");
    assertEquals("gpt-5[31m", recent.get(0).model());
    assertEquals("ctlid", recent.get(0).requestId());
  }

  @Test
  void apiKeys_allHashes_listsEveryStoredKey() {
    UserRepository users = context().getBean(UserRepository.class);
    GroupRepository groups = context().getBean(GroupRepository.class);
    ApiKeyRepository keys = context().getBean(ApiKeyRepository.class);
    String suffix = UUID.randomUUID().toString().substring(0, 8);
    User u = users.create("hashes-" + suffix, 1);
    Group g = groups.create("hashes-g-" + suffix, Platform.ANTHROPIC);
    String a = ApiKeys.generate();
    String b = ApiKeys.generate();
    keys.create(u.id(), g.id(), "a", ApiKeys.hash(a), ApiKeys.displayPrefix(a));
    ApiKey revoked = keys.create(u.id(), g.id(), "b", ApiKeys.hash(b), ApiKeys.displayPrefix(b));
    keys.setActive(revoked.id(), false);
    List<String> all = keys.allHashes();
    assertTrue(all.contains(ApiKeys.hash(a)), "an active key");
    assertTrue(all.contains(ApiKeys.hash(b)), "a revoked one too");
  }
}
