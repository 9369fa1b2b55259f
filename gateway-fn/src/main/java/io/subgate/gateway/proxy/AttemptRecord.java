package io.subgate.gateway.proxy;

import io.subgate.account.Account;
import io.subgate.gateway.protocol.ProxyRequest;
import io.subgate.gateway.usage.UsageWriter;
import io.subgate.tenancy.Principal;
import io.subgate.tenancy.UsageRecord;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * What one upstream attempt leaves behind once its outcome is known: the tokens charged to the
 * key's daily limit, the request metric, and the usage record (the client's model, the attempt's
 * number and the accounts switched before it).
 */
final class AttemptRecord {
  private final ProxyMetrics metrics;
  private final UsageWriter usage;
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
      Clock clock,
      ProxyRequest request,
      Principal principal,
      Account account,
      String requestId,
      Instant started,
      Exchange exchange) {
    this.metrics = metrics;
    this.usage = usage;
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
    // Prompt-cache writes and reads are tokens the provider counted: the daily limit counts them.
    exchange.used(counts.input() + counts.output() + counts.cacheCreation() + counts.cacheRead());
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
            counts.input(),
            counts.output(),
            status,
            request.stream(),
            Duration.between(started, clock.instant()).toMillis(),
            firstTokenMs,
            clock.instant(),
            counts.cacheCreation(),
            counts.cacheRead(),
            counts.model(),
            request.route().protocol().name(),
            attempt,
            switches));
  }
}
