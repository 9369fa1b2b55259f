package io.subgate.tenancy;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Reading the usage log for operators and clients: totals by time bucket and dimension, and the
 * request log newest first with a cursor. Thread-safe.
 */
public interface UsageQueries {

  /** What totals are grouped by. */
  enum Dimension {
    KEY,
    USER,
    GROUP,
    ACCOUNT,
    MODEL,
    PLATFORM;

    public String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** The width of a time bucket (UTC). */
  enum Bucket {
    HOUR,
    DAY;

    public String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * Totals of one bucket and one value of the dimension.
   *
   * @param value the dimension's value (an id, a model, a platform; {@code none} for requests no
   *     account served)
   * @param errors requests whose status was 400 or more
   * @param costPico what they cost at API prices, in pico-dollars ({@link io.subgate.pricing.Usd}),
   *     requests without a price counting nothing
   * @param unpriced requests that used tokens but matched no price
   */
  record Total(
      Instant bucket,
      String value,
      long requests,
      long inputTokens,
      long outputTokens,
      long errors,
      long cacheCreationTokens,
      long cacheReadTokens,
      long costPico,
      long chargedPico,
      long unpriced) {}

  /** Filters of the request log; null fields do not filter. */
  record Filter(
      Instant from,
      Instant to,
      @Nullable Long apiKeyId,
      @Nullable Long accountId,
      @Nullable String model,
      @Nullable Integer statusCode) {}

  /** One request of the log, with its row id (the cursor). */
  record Logged(long id, UsageRecord record) {}

  /** Totals in [{@code from}, {@code to}) by {@code bucket} and {@code by}, oldest bucket first. */
  List<Total> totals(
      Instant from, Instant to, Dimension by, Bucket bucket, @Nullable Long apiKeyId);

  /**
   * What an account's requests in [{@code from}, {@code to}) cost at API prices.
   *
   * @param costPico pico-dollars ({@link io.subgate.pricing.Usd}), requests without a price
   *     counting nothing
   * @param unpriced requests that used tokens but matched no price
   */
  record Spend(long requests, long costPico, long unpriced) {}

  /** What {@code accountId}'s requests in [{@code from}, {@code to}) cost. */
  Spend accountSpend(long accountId, Instant from, Instant to);

  /** Requests matching {@code filter} with ids below {@code beforeId}, newest first. */
  List<Logged> log(Filter filter, long beforeId, int limit);
}
