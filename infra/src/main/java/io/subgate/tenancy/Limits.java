package io.subgate.tenancy;

/**
 * What an owner may use beyond concurrency: requests per minute (0: unlimited; a key's own stays on
 * the key) and USD budgets.
 */
public record Limits(int requestsPerMinute, Budgets budgets) {
  public static final Limits NONE = new Limits(0, Budgets.NONE);

  public Limits {
    if (requestsPerMinute < 0) {
      throw new IllegalArgumentException("requests per minute is never negative");
    }
  }

  public boolean isEmpty() {
    return requestsPerMinute == 0 && budgets.isEmpty();
  }
}
