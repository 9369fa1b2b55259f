package io.subgate.account;

import java.util.List;

/** What an operator supplies to create an account; everything else starts at its default. */
public record NewAccount(
    String name,
    Platform platform,
    AccountType type,
    int priority,
    int concurrency,
    Credentials credentials,
    List<String> models) {

  public NewAccount {
    models = List.copyOf(models);
  }

  /** An account serving every model. */
  public NewAccount(
      String name,
      Platform platform,
      AccountType type,
      int priority,
      int concurrency,
      Credentials credentials) {
    this(name, platform, type, priority, concurrency, credentials, List.of());
  }

  public static final int DEFAULT_PRIORITY = 50;
  public static final int DEFAULT_CONCURRENCY = 3;
}
