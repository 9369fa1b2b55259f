package io.subgate.gateway.admission;

import io.micronaut.context.annotation.Value;
import io.subgate.account.Account;
import io.subgate.gateway.protocol.ProxyRequest;
import io.subgate.gateway.usage.RequestPricing;
import io.subgate.routing.RequestGate;
import io.subgate.tenancy.Group;
import io.subgate.tenancy.Principal;
import jakarta.inject.Singleton;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * Makes each request's {@link RequestLimits} (its budgets reserving the request's estimated cost at
 * the model's price) and reports the budget thresholds its release reached ({@link BudgetEvents}).
 * {@code subgate.budgets.redis-outage} says what budgets do while Redis is down: {@code local} (the
 * default) counts them in each process alone, {@code refuse} answers 503.
 */
@Singleton
public final class Metering {
  private final RequestPricing pricing;
  private final BudgetEvents events;
  private final boolean sharedBudgets;

  public Metering(
      RequestPricing pricing,
      BudgetEvents events,
      @Value("${subgate.budgets.redis-outage:local}") String redisOutage) {
    this.pricing = pricing;
    this.events = events;
    String mode = redisOutage.toLowerCase(Locale.ROOT);
    if (!mode.equals("local") && !mode.equals("refuse")) {
      throw new IllegalArgumentException(
          "subgate.budgets.redis-outage must be local or refuse, not " + redisOutage);
    }
    this.sharedBudgets = mode.equals("refuse");
  }

  /**
   * The limits {@code principal} (the key's own, not a fallback group's) holds the request to. A
   * request is charged at the serving group's rate times its account's, so its budgets reserve its
   * estimated cost at the group's rate times the highest of its candidate accounts'.
   */
  public RequestLimits limits(
      Principal principal,
      ProxyRequest request,
      Instant now,
      Group serving,
      List<Account> candidates) {
    BigDecimal highest = null;
    for (Account a : candidates) {
      highest = highest == null ? a.rateMultiplier() : highest.max(a.rateMultiplier());
    }
    BigDecimal rate =
        serving.settings().rateMultiplier().multiply(highest == null ? BigDecimal.ONE : highest);
    return limits(principal, request, now, rate);
  }

  /** The limits of {@code principal}, its budgets reserving at {@code rate} times API prices. */
  public RequestLimits limits(
      Principal principal, ProxyRequest request, Instant now, BigDecimal rate) {
    boolean budgeted =
        !principal.keyBudgets().isEmpty()
            || !principal.userLimits().budgets().isEmpty()
            || !principal.groupLimits().budgets().isEmpty();
    long reserve =
        budgeted && request.route().generates()
            ? pricing.estimateMicros(
                request.model(),
                RequestLimits.inputEstimate(request),
                RequestLimits.outputEstimate(request),
                rate)
            : 0;
    return RequestLimits.of(principal, now, request, reserve, sharedBudgets);
  }

  /**
   * Has {@code held}'s release settle what the request used of its limits (read then) and report
   * the budget thresholds it reached.
   */
  public void settleOnRelease(
      Holdings held,
      RequestLimits limits,
      java.util.function.LongSupplier tokensUsed,
      java.util.function.LongSupplier picoSpent) {
    if (!limits.isEmpty()) {
      held.settle(
          () -> limits.charges(tokensUsed.getAsLong(), picoSpent.getAsLong()),
          crossings -> crossed(limits, crossings));
    }
  }

  /** Reports what a release's charges crossed. */
  void crossed(RequestLimits limits, List<RequestGate.Crossing> crossings) {
    for (RequestGate.Crossing c : crossings) {
      events.crossed(limits.charged(c.charge()), c.percent());
    }
  }
}
