package io.subgate.token;

import io.subgate.account.Account;

/** Token-cache and lock key of an account: {@code <platform>:account:<id>}. */
public final class CacheKeys {
  private CacheKeys() {}

  public static String of(Account account) {
    return account.platform().wireName() + ":account:" + account.id();
  }
}
