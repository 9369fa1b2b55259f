package io.subgate.gateway.proxy;

import io.subgate.account.Account;
import io.subgate.gateway.protocol.GatewayException;
import io.subgate.gateway.protocol.ProxyRequest;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A request for a model that every account able to serve it has lately been refused ({@code
 * <model>#refused} cooldowns, seen by every process) is answered as the provider did: a 404 naming
 * the model, with when to try again — never a "rate limited" that would send the client retrying.
 */
@Singleton
final class RefusedModels {
  private final Clock clock;

  RefusedModels(Clock clock) {
    this.clock = clock;
  }

  /** Throws that answer when every eligible account that serves the model refused it lately. */
  void answerIfRefusedEverywhere(ProxyRequest request, List<Account> eligible) {
    Instant now = clock.instant();
    @Nullable Instant until = null;
    for (Account a : eligible) {
      if (!a.supports(request.model())) {
        continue;
      }
      if (!a.cooldowns().modelRefusedAt(request.model(), now)) {
        return;
      }
      Instant end = a.cooldowns().modelUntil(request.model());
      until = until == null || (end != null && end.isAfter(until)) ? end : until;
    }
    if (until != null) {
      throw new GatewayException(
          404,
          "model "
              + request.model()
              + " was refused by the provider (not found or no access) on every account of this"
              + " API key's group",
          Duration.between(now, until).isNegative()
              ? Duration.ofSeconds(1)
              : Duration.between(now, until));
    }
  }
}
