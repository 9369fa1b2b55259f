package io.subgate.account;

import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;
import java.time.Instant;

/**
 * One usage window a provider reports for an account (Codex: the 5-hour and 7-day windows).
 *
 * @param label the window's length as operators read it ({@code 5h}, {@code 7d})
 * @param usedPercent consumed share of the window, 0–100
 * @param windowMinutes the window's length
 * @param resetsAt when the window resets
 */
@Serdeable(naming = SnakeCaseStrategy.class)
public record QuotaWindow(String label, double usedPercent, int windowMinutes, Instant resetsAt) {

  /** Whether the window is used up: requests wait for {@link #resetsAt()}. */
  public boolean exhausted() {
    return usedPercent >= 100.0;
  }
}
