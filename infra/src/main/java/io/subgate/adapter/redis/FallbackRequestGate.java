package io.subgate.adapter.redis;

import io.micronaut.context.annotation.Primary;
import io.micronaut.context.annotation.Requires;
import io.subgate.account.Pacing;
import io.subgate.adapter.memory.InMemoryStickySessions;
import io.subgate.concurrency.SlotPool;
import io.subgate.routing.ComposedRequestGate;
import io.subgate.routing.RequestGate;
import io.subgate.token.BackendUnavailableException;
import io.subgate.token.TokenCache;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * The request gate as the request path sees it when Redis is configured: Redis while it answers;
 * while it does not, this process's own slots, sticky bindings and meters (limits then hold per
 * process only — approximate, documented), so a Redis outage costs accuracy, not availability. A
 * meter marked {@code shared} is the exception: it refuses while Redis is down. Slots taken locally
 * are released locally; a release is sent to both. Charges that could not reach Redis are kept
 * (bounded) and sent with the first release that reaches it — whole, when their request was
 * admitted locally (Redis never counted its reservation) — so the spend of an outage still counts
 * against its windows once Redis is back.
 */
@Singleton
@Primary
@Requires(property = "redis.uri")
public final class FallbackRequestGate implements RequestGate {
  static final int MAX_UNSENT = 100_000;

  private final RedisRequestGate redis;
  private final ComposedRequestGate local;
  private final RedisHealth health;
  private final Set<String> admittedLocally = ConcurrentHashMap.newKeySet();
  private final List<Charge> unsent = new ArrayList<>();

  public FallbackRequestGate(
      RedisRequestGate redis,
      FallbackConcurrencySlots slots,
      TokenCache tokens,
      RedisHealth health,
      Clock clock) {
    this.redis = redis;
    this.local =
        new ComposedRequestGate(slots.local(), new InMemoryStickySessions(clock), tokens, clock);
    this.health = health;
  }

  @Override
  public Admission admit(Admit request) {
    return health.either(() -> redis.admit(request), () -> admitLocally(request));
  }

  private Admission admitLocally(Admit request) {
    for (int i = 0; i < request.meters().size(); i++) {
      if (request.meters().get(i).shared()) {
        return Admission.refused(new Refusal(i, true));
      }
    }
    Admission admission = local.admit(request);
    if (!request.meters().isEmpty() && admission.refusal() == null) {
      if (admittedLocally.size() >= MAX_UNSENT) {
        admittedLocally.clear();
      }
      admittedLocally.add(request.requestId());
    }
    return admission;
  }

  @Override
  public List<Long> sums(List<List<String>> windows) {
    return health.either(() -> redis.sums(windows), () -> local.sums(windows));
  }

  @Override
  public Claim claim(ClaimRequest request) {
    return health.either(() -> redis.claim(request), () -> local.claim(request));
  }

  @Override
  public void countPace(
      String requestId, long accountId, Pacing pacing, @Nullable String sessionHash) {
    health.either(
        () -> {
          redis.countPace(requestId, accountId, pacing, sessionHash);
          return true;
        },
        () -> {
          local.countPace(requestId, accountId, pacing, sessionHash);
          return true;
        });
  }

  @Override
  public List<Crossing> release(String requestId, List<SlotPool> pools, List<Charge> charges) {
    try {
      return releaseAsync(requestId, pools, charges).toCompletableFuture().join();
    } catch (CompletionException e) {
      throw e.getCause() instanceof RuntimeException r ? r : e;
    }
  }

  @Override
  public CompletionStage<List<Crossing>> releaseAsync(
      String requestId, List<SlotPool> pools, List<Charge> charges) {
    List<Crossing> crossings = local.release(requestId, pools, charges);
    List<Charge> forRedis = charges;
    if (admittedLocally.remove(requestId)) {
      forRedis = new ArrayList<>();
      for (Charge c : charges) {
        forRedis.add(new Charge(c.counter(), c.used(), 0, c.keep(), c.window(), c.limit()));
      }
    }
    if (!health.tryRedis()) {
      keep(forRedis);
      return CompletableFuture.completedFuture(crossings);
    }
    List<Charge> pending = takeUnsent();
    List<Charge> all = new ArrayList<>(pending);
    all.addAll(forRedis);
    return redis
        .releaseAsync(requestId, pools, all)
        .handle(
            (shared, e) -> {
              Throwable cause = e instanceof CompletionException c ? c.getCause() : e;
              if (cause == null) {
                health.answered();
                List<Crossing> own = new ArrayList<>();
                for (Crossing c : shared) {
                  if (c.charge() >= pending.size()) {
                    own.add(new Crossing(c.charge() - pending.size(), c.percent()));
                  }
                }
                return own;
              }
              if (cause instanceof BackendUnavailableException unavailable) {
                health.failed(unavailable);
                keep(all);
                return crossings;
              }
              throw cause instanceof RuntimeException r ? r : new CompletionException(cause);
            });
  }

  /** How many charges wait for Redis. */
  public synchronized int unsent() {
    return unsent.size();
  }

  private synchronized void keep(List<Charge> charges) {
    for (Charge c : charges) {
      if (c.delta() != 0 && unsent.size() < MAX_UNSENT) {
        unsent.add(c);
      }
    }
  }

  private synchronized List<Charge> takeUnsent() {
    List<Charge> out = List.copyOf(unsent);
    unsent.clear();
    return out;
  }
}
