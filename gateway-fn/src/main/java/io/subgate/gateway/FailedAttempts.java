package io.subgate.gateway;

import io.micronaut.context.annotation.Value;
import io.subgate.tenancy.FailedAuthentications;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A budget of failed authentications per client address and minute: admin-token attempts ({@code
 * subgate.admin.failed-attempts-per-minute}, 20) and client keys ({@code
 * subgate.auth.failed-attempts-per-minute}, 60). Failures are counted across processes in {@link
 * FailedAuthentications} (Redis when there is one); once an address has spent its budget, every
 * attempt of that kind from it is refused until the minute ends, the right token or key included,
 * so neither can be guessed at line speed. Checking costs no round trip: a process refuses an
 * address once a failure there found the shared count over budget, so the fleet grants at most the
 * budget plus one failure per process a minute.
 */
@Singleton
public final class FailedAttempts {
  static final Duration WINDOW = Duration.ofMinutes(1);
  static final int MAX_ADDRESSES = 65_536;

  /** What is being guessed; each kind has its own budget and count. */
  public enum Scope {
    ADMIN("admin"),
    KEY("key");

    final String label;

    Scope(String label) {
      this.label = label;
    }
  }

  private final Map<String, Instant> adminBlockedUntil = new ConcurrentHashMap<>();
  private final Map<String, Instant> keyBlockedUntil = new ConcurrentHashMap<>();
  private final Clock clock;
  private final FailedAuthentications counts;
  private final int adminBudget;
  private final int keyBudget;

  public FailedAttempts(
      Clock clock,
      FailedAuthentications counts,
      @Value("${subgate.admin.failed-attempts-per-minute:20}") int adminBudget,
      @Value("${subgate.auth.failed-attempts-per-minute:60}") int keyBudget) {
    this.clock = clock;
    this.counts = counts;
    this.adminBudget = adminBudget;
    this.keyBudget = keyBudget;
  }

  /**
   * How long {@code address} must wait, when its budget of {@code scope} for this minute is spent.
   */
  public Optional<Duration> blocked(Scope scope, String address) {
    Map<String, Instant> blocked = blockedUntil(scope);
    Instant until = blocked.get(address);
    if (until == null) {
      return Optional.empty();
    }
    Instant now = clock.instant();
    if (!now.isBefore(until)) {
      blocked.remove(address, until);
      return Optional.empty();
    }
    return Optional.of(Duration.between(now, until));
  }

  /** One more failed attempt of {@code scope} from {@code address}. */
  public void failed(Scope scope, String address) {
    Instant now = clock.instant();
    long window = now.getEpochSecond() / WINDOW.toSeconds();
    long failures = counts.record(scope.label, address, window, WINDOW.toSeconds());
    int budget = scope == Scope.ADMIN ? adminBudget : keyBudget;
    if (failures < budget) {
      return;
    }
    Map<String, Instant> blocked = blockedUntil(scope);
    if (blocked.size() >= MAX_ADDRESSES) {
      blocked.values().removeIf(until -> !now.isBefore(until));
      if (blocked.size() >= MAX_ADDRESSES) {
        blocked.clear();
      }
    }
    blocked.put(address, Instant.ofEpochSecond((window + 1) * WINDOW.toSeconds()));
  }

  private Map<String, Instant> blockedUntil(Scope scope) {
    return scope == Scope.ADMIN ? adminBlockedUntil : keyBlockedUntil;
  }
}
