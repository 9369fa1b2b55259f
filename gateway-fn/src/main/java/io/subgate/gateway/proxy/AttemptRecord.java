package io.subgate.gateway.proxy;

import io.subgate.account.Account;
import io.subgate.gateway.protocol.ProxyRequest;
import io.subgate.gateway.usage.RequestPricing;
import io.subgate.gateway.usage.UsageWriter;
import io.subgate.pricing.Charges;
import io.subgate.pricing.TokenUsage;
import io.subgate.tenancy.Principal;
import io.subgate.tenancy.UsageRecord;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * What one upstream attempt leaves behind once its outcome is known: the tokens and cost charged to
 * the key's daily limit and budgets, the request metric, and the usage record (the client's model,
 * the attempt's number, the accounts switched before it, its cost at API prices).
 */
final class AttemptRecord {
  private final ProxyMetrics metrics;
  private final UsageWriter usage;
  private final RequestPricing pricing;
  private final Clock clock;
  private final ProxyRequest request;
  private final Principal principal;
  private final Account account;
  private final String requestId;
  private final Instant started;
  private final int attempt;
  private final int switches;
  private final Exchange exchange;

  AttemptRecord(
      ProxyMetrics metrics,
      UsageWriter usage,
      RequestPricing pricing,
      Clock clock,
      ProxyRequest request,
      Principal principal,
      Account account,
      String requestId,
      Instant started,
      Exchange exchange) {
    this.metrics = metrics;
    this.usage = usage;
    this.pricing = pricing;
    this.clock = clock;
    this.request = request;
    this.principal = principal;
    this.account = account;
    this.requestId = requestId;
    this.started = started;
    this.attempt = exchange.nextAttempt();
    this.switches = exchange.accountSwitches();
    this.exchange = exchange;
  }

  Instant started() {
    return started;
  }

  void write(int status, UsageCounts counts, @Nullable Long firstTokenMs) {
    TokenUsage tokens = counts.tokens();
    // Prompt-cache writes and reads are tokens the provider counted: the daily limit counts them.
    exchange.used(tokens.total());
    RequestPricing.Priced priced = pricing.price(counts.model(), request.model(), tokens);
    Long pico = priced.pico();
    BigDecimal rate = rate();
    if (pico != null) {
      exchange.spent(Charges.apply(pico, rate));
    }
    metrics.request(
        request.route(), status, account.platform().wireName(), Long.toString(account.id()));
    usage.write(
        new UsageRecord(
            requestId,
            principal.apiKeyId(),
            principal.userId(),
            account.id(),
            principal.groupId(),
            request.clientModel(),
            tokens.input(),
            tokens.output(),
            status,
            request.stream(),
            Duration.between(started, clock.instant()).toMillis(),
            firstTokenMs,
            clock.instant(),
            tokens.cacheWrites(),
            tokens.cacheRead(),
            counts.model(),
            request.route().protocol().name(),
            attempt,
            switches,
            tokens.cacheWrite1h(),
            tokens.reasoning(),
            pico,
            priced.version(),
            rate));
  }

  /** What this attempt is charged at: the serving group's multiplier times its account's. */
  private BigDecimal rate() {
    return exchange.groupRate().multiply(account.rateMultiplier());
  }

  /**
   * Charges output the upstream produced but never reported (a stream cut before its final usage):
   * to the key's daily tokens, and at the model's output price to its budgets.
   */
  void unreported(long outputTokens, @Nullable String answered) {
    exchange.used(outputTokens);
    Long pico =
        pricing
            .price(answered, request.model(), new TokenUsage(0, outputTokens, 0, 0, 0, 0))
            .pico();
    if (pico != null) {
      exchange.spent(Charges.apply(pico, rate()));
    }
  }
}
