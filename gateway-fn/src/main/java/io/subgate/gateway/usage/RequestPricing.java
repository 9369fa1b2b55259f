package io.subgate.gateway.usage;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.subgate.pricing.Charges;
import io.subgate.pricing.ModelPrice;
import io.subgate.pricing.PriceBook;
import io.subgate.pricing.PriceTable;
import io.subgate.pricing.TokenUsage;
import io.subgate.pricing.Usd;
import jakarta.inject.Singleton;
import java.math.BigDecimal;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What one answer cost at API prices: the model the upstream said answered, else the model the
 * account was asked for, priced by {@link PriceBook}. A model no price matches is never priced at
 * 0: its cost is null, it is counted ({@code subgate_usage_unpriced_total}) and logged once.
 */
@Singleton
public final class RequestPricing {
  private static final Logger LOG = LoggerFactory.getLogger(RequestPricing.class);
  private static final int LOGGED_MAX = 256;

  /** A cost in pico-dollars (null: unpriced) and the table version it came from. */
  public record Priced(@Nullable Long pico, String version) {}

  private final PriceBook book;
  private final Counter unpriced;
  private final Set<String> logged = ConcurrentHashMap.newKeySet();

  public RequestPricing(PriceBook book, MeterRegistry registry) {
    this.book = book;
    this.unpriced =
        Counter.builder("subgate.usage.unpriced")
            .description("Answers whose model matched no price (cost recorded as unknown)")
            .register(registry);
  }

  public Priced price(@Nullable String answered, String asked, TokenUsage usage) {
    PriceTable table = book.table();
    Optional<ModelPrice> price = find(table, answered, asked);
    if (price.isEmpty()) {
      if (usage.total() > 0) {
        unpriced.increment();
        if (logged.size() < LOGGED_MAX && logged.add(asked)) {
          LOG.warn("usage.unpriced model={} version={}", asked, table.version());
        }
      }
      return new Priced(null, table.version());
    }
    return new Priced(price.get().cost(usage), table.version());
  }

  /**
   * What {@code input} and {@code output} tokens of {@code model} cost, in micro-dollars rounded
   * up: a request's reservation against its budgets. 0 when the model has no price (its spend is
   * not known, so budgets cannot count it).
   */
  public long estimateMicros(String model, long input, long output, BigDecimal rate) {
    return book.table()
        .find(model)
        .map(
            p ->
                Usd.picoToMicros(
                    Charges.apply(p.cost(new TokenUsage(input, output, 0, 0, 0, 0)), rate)))
        .orElse(0L);
  }

  private static Optional<ModelPrice> find(
      PriceTable table, @Nullable String answered, String asked) {
    Optional<ModelPrice> own = answered == null ? Optional.empty() : table.find(answered);
    return own.isPresent() ? own : table.find(asked);
  }
}
