package io.subgate.account;

import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;
import java.time.Instant;
import java.util.List;

/**
 * The usage windows a provider last reported for an account, and when (for operators: how much of a
 * subscription is left and when it resets).
 */
@Serdeable(naming = SnakeCaseStrategy.class)
public record QuotaReport(List<QuotaWindow> windows, Instant observedAt) {
  public QuotaReport {
    windows = List.copyOf(windows);
  }
}
