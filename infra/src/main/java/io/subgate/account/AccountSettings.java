package io.subgate.account;

import java.math.BigDecimal;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What an operator may change of an account besides its credentials and status.
 *
 * @param rateMultiplier what a request on this account is charged: its cost at API prices times
 *     this (and its group's multiplier)
 * @param pacing its requests-per-minute and session caps and its subscription's end
 * @param proxyId its egress proxy (null: direct)
 */
public record AccountSettings(
    String name,
    int priority,
    int concurrency,
    List<String> models,
    BigDecimal rateMultiplier,
    Pacing pacing,
    @Nullable Long proxyId) {

  public AccountSettings {
    rateMultiplier = io.subgate.pricing.Charges.normalized(rateMultiplier);
    models = List.copyOf(models);
  }

  public AccountSettings(String name, int priority, int concurrency, List<String> models) {
    this(name, priority, concurrency, models, BigDecimal.ONE, Pacing.NONE, null);
  }

  public static AccountSettings of(Account a) {
    return new AccountSettings(
        a.name(),
        a.priority(),
        a.concurrency(),
        a.models(),
        a.rateMultiplier(),
        a.pacing(),
        a.proxyId());
  }
}
