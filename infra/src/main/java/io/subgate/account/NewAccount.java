package io.subgate.account;

/** What an operator supplies to create an account; everything else starts at its default. */
public record NewAccount(
    String name,
    Platform platform,
    AccountType type,
    int priority,
    int concurrency,
    Credentials credentials) {

  public static final int DEFAULT_PRIORITY = 50;
  public static final int DEFAULT_CONCURRENCY = 3;
}
