package io.subgate.adapter.memory;

import io.subgate.concurrency.ConcurrencySlots;
import io.subgate.routing.RequestGate;
import io.subgate.routing.RequestGateContract;
import io.subgate.routing.StickySessions;
import io.subgate.token.TokenCache;
import java.time.Clock;

class InMemoryRequestGateTest extends RequestGateContract {
  private final Clock clock = Clock.systemUTC();
  private final InMemoryConcurrencySlots slots = new InMemoryConcurrencySlots(clock);
  private final InMemoryStickySessions sticky = new InMemoryStickySessions(clock);
  private final InMemoryTokenCache tokens = new InMemoryTokenCache(clock);
  private final InMemoryRequestGate gate = new InMemoryRequestGate(slots, sticky, tokens, clock);

  @Override
  protected RequestGate gate() {
    return gate;
  }

  @Override
  protected ConcurrencySlots slots() {
    return slots;
  }

  @Override
  protected StickySessions sticky() {
    return sticky;
  }

  @Override
  protected TokenCache tokens() {
    return tokens;
  }
}
