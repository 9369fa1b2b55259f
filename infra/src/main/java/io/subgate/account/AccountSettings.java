package io.subgate.account;

import java.util.List;

/** What an operator may change of an account besides its credentials and status. */
public record AccountSettings(String name, int priority, int concurrency, List<String> models) {

  public AccountSettings {
    models = List.copyOf(models);
  }

  public static AccountSettings of(Account a) {
    return new AccountSettings(a.name(), a.priority(), a.concurrency(), a.models());
  }
}
