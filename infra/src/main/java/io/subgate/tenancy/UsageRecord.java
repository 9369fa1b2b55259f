package io.subgate.tenancy;

import io.micronaut.serde.annotation.Serdeable;
import io.subgate.pricing.Charges;
import java.math.BigDecimal;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * One gateway request as recorded for accounting.
 *
 * @param firstTokenMs time to the first content byte for streams, {@code null} otherwise
 * @param cacheCreationTokens input tokens written to the provider's prompt cache
 * @param cacheReadTokens input tokens read from it
 * @param upstreamModel the model the upstream said answered, when it said
 * @param clientProtocol the client's wire format ({@code anthropic-messages}, {@code gemini}, …)
 * @param attempt which upstream attempt of its request this record is (1 for the first)
 * @param accountSwitches how many accounts the request had left before this attempt
 * @param cacheCreation1hTokens the part of {@code cacheCreationTokens} written for an hour (the
 *     rest for five minutes)
 * @param reasoningTokens the part of {@code outputTokens} that was reasoning
 * @param costPico what the request cost at API prices, in pico-dollars ({@link
 *     io.subgate.pricing.Usd}); null when no price matched its model
 * @param priceVersion the price table's version the cost was computed from
 * @param rateMultiplier what the request was charged at: its group's multiplier times its account's
 *     (1: API prices); charged = {@code costPico} × this
 */
@Serdeable
public record UsageRecord(
    String requestId,
    long apiKeyId,
    long userId,
    @Nullable Long accountId,
    long groupId,
    String model,
    long inputTokens,
    long outputTokens,
    int statusCode,
    boolean stream,
    long durationMs,
    @Nullable Long firstTokenMs,
    Instant createdAt,
    long cacheCreationTokens,
    long cacheReadTokens,
    @Nullable String upstreamModel,
    @Nullable String clientProtocol,
    int attempt,
    int accountSwitches,
    long cacheCreation1hTokens,
    long reasoningTokens,
    @Nullable Long costPico,
    @Nullable String priceVersion,
    BigDecimal rateMultiplier) {

  public UsageRecord {
    rateMultiplier = Charges.normalized(rateMultiplier);
  }

  /** What the request was charged, in pico-dollars; null when it has no price. */
  public @Nullable Long chargedPico() {
    Long cost = costPico;
    return cost == null ? null : Charges.apply(cost, rateMultiplier);
  }

  /** A record without the cost figures. */
  public UsageRecord(
      String requestId,
      long apiKeyId,
      long userId,
      @Nullable Long accountId,
      long groupId,
      String model,
      long inputTokens,
      long outputTokens,
      int statusCode,
      boolean stream,
      long durationMs,
      @Nullable Long firstTokenMs,
      Instant createdAt,
      long cacheCreationTokens,
      long cacheReadTokens,
      @Nullable String upstreamModel,
      @Nullable String clientProtocol,
      int attempt,
      int accountSwitches) {
    this(
        requestId,
        apiKeyId,
        userId,
        accountId,
        groupId,
        model,
        inputTokens,
        outputTokens,
        statusCode,
        stream,
        durationMs,
        firstTokenMs,
        createdAt,
        cacheCreationTokens,
        cacheReadTokens,
        upstreamModel,
        clientProtocol,
        attempt,
        accountSwitches,
        0,
        0,
        null,
        null,
        BigDecimal.ONE);
  }

  /** A record without cache figures or attempt details (one attempt, nothing known). */
  public UsageRecord(
      String requestId,
      long apiKeyId,
      long userId,
      @Nullable Long accountId,
      long groupId,
      String model,
      long inputTokens,
      long outputTokens,
      int statusCode,
      boolean stream,
      long durationMs,
      @Nullable Long firstTokenMs,
      Instant createdAt) {
    this(
        requestId,
        apiKeyId,
        userId,
        accountId,
        groupId,
        model,
        inputTokens,
        outputTokens,
        statusCode,
        stream,
        durationMs,
        firstTokenMs,
        createdAt,
        0,
        0,
        null,
        null,
        1,
        0);
  }
}
