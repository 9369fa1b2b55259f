package io.subgate.tenancy;

/**
 * Failed authentications per client address, counted in fixed windows across every gateway process
 * that shares the store, so a budget of wrong guesses holds for the fleet and not once per process.
 *
 * <p>Contract: {@link #record} adds one failure of {@code address} under {@code scope} (what was
 * guessed: {@code "admin"}, {@code "key"}) to window number {@code window} and returns that
 * window's count including it. Counts of different scopes, addresses or windows never mix. A
 * window's count is kept at least until its end, and forgotten within one more window. An
 * unreachable shared store never fails the call: the count is then this process's own.
 */
public interface FailedAuthentications {

  /**
   * @param window the window's number (for example the epoch minute)
   * @param windowSeconds how long a window lasts, which bounds how long its count is kept
   * @return failures of {@code address} in {@code scope} and {@code window}, this one included
   */
  long record(String scope, String address, long window, long windowSeconds);
}
