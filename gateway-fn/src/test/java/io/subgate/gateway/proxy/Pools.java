package io.subgate.gateway.proxy;

import io.subgate.account.Account;
import io.subgate.account.AccountRepository;
import io.subgate.account.AccountType;
import io.subgate.account.NewAccount;
import io.subgate.account.OAuthCredentials;
import io.subgate.account.Platform;
import io.subgate.account.StaticKeyCredentials;
import io.subgate.tenancy.ApiKeyRepository;
import io.subgate.tenancy.ApiKeys;
import io.subgate.tenancy.GroupRepository;
import io.subgate.tenancy.GroupSettings;
import io.subgate.tenancy.UserRepository;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** Creates accounts, groups, users and keys for request-path tests. */
final class Pools {
  private final AccountRepository accounts;
  private final GroupRepository groups;
  private final UserRepository users;
  private final ApiKeyRepository keys;

  Pools(
      AccountRepository accounts,
      GroupRepository groups,
      UserRepository users,
      ApiKeyRepository keys) {
    this.accounts = accounts;
    this.groups = groups;
    this.users = users;
    this.keys = keys;
  }

  /** An API-key account whose key is {@code secret}. */
  Account account(Platform platform, String secret, int priority, int concurrency) {
    return accounts.create(
        new NewAccount(
            "a-" + UUID.randomUUID(),
            platform,
            AccountType.APIKEY,
            priority,
            concurrency,
            new StaticKeyCredentials(secret, null)));
  }

  /** An {@code upstream} account: a relay at {@code baseUrl} taking the key {@code secret}. */
  Account relay(Platform platform, String secret, String baseUrl, int priority) {
    return accounts.create(
        new NewAccount(
            "r-" + UUID.randomUUID(),
            platform,
            AccountType.UPSTREAM,
            priority,
            4,
            new StaticKeyCredentials(secret, baseUrl)));
  }

  /** A subscription (OAuth) account whose access token is {@code token}. */
  Account oauth(
      Platform platform, String token, @Nullable String accountId, int priority, int concurrency) {
    return accounts.create(
        new NewAccount(
            "o-" + UUID.randomUUID(),
            platform,
            AccountType.OAUTH,
            priority,
            concurrency,
            new OAuthCredentials(
                token, "rt-" + token, Instant.now().plusSeconds(7200), null, null, accountId)));
  }

  /** A Google subscription (Code Assist, Antigravity) working in {@code project}. */
  Account google(Platform platform, String token, @Nullable String project, int priority) {
    return accounts.create(
        new NewAccount(
            "o-" + UUID.randomUUID(),
            platform,
            AccountType.OAUTH,
            priority,
            4,
            new OAuthCredentials(
                token, "rt-" + token, Instant.now().plusSeconds(7200), null, project, null)));
  }

  /**
   * A group of {@code members}, a user with {@code userConcurrency} and a key; the key returned.
   */
  String key(Platform platform, int userConcurrency, Account... members) {
    return keyOf(group(Set.of(platform), GroupSettings.NONE, members), userConcurrency);
  }

  /** A group of {@code platforms} with {@code settings} holding {@code members}; its id. */
  long group(Set<Platform> platforms, GroupSettings settings, Account... members) {
    long group =
        groups
            .create("g-" + UUID.randomUUID().toString().substring(0, 8), platforms, settings)
            .id();
    groups.addAccounts(group, Arrays.stream(members).map(Account::id).toList());
    return group;
  }

  /** A user with {@code userConcurrency} and a key of {@code group}; the key returned. */
  String keyOf(long group, int userConcurrency) {
    long user =
        users.create("u-" + UUID.randomUUID().toString().substring(0, 8), userConcurrency).id();
    String key = ApiKeys.generate();
    keys.create(user, group, "k", ApiKeys.hash(key), ApiKeys.displayPrefix(key));
    return key;
  }

  long userOf(String key) {
    return keys.findByHash(ApiKeys.hash(key)).orElseThrow().userId();
  }

  long keyId(String key) {
    return keys.findByHash(ApiKeys.hash(key)).orElseThrow().id();
  }

  static List<Long> ids(Account... members) {
    return Arrays.stream(members).map(Account::id).toList();
  }
}
