package io.subgate.routing;

import io.subgate.account.Account;
import io.subgate.account.Cooldowns;
import io.subgate.concurrency.ConcurrencySlots;
import io.subgate.concurrency.ConcurrencySlots.Load;
import io.subgate.concurrency.Slot;
import io.subgate.concurrency.SlotPool;
import io.subgate.routing.Selection.Acquired;
import io.subgate.routing.Selection.NoneAvailable;
import io.subgate.routing.Selection.Wait;
import io.subgate.support.RandomSource;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Picks the account for one attempt (sub2api's layered selection): the session's sticky account
 * first while it is healthy; otherwise the lowest priority value, then the lowest load ((in use +
 * waiting) / concurrency), then the least recently used, random among ties; a slot is taken on the
 * chosen account before returning. When every account is busy, a wait plan; when none is
 * schedulable, why and until when.
 */
@Singleton
public final class AccountSelector {
  private final ConcurrencySlots slots;
  private final StickySessions sticky;
  private final SelectionSettings settings;
  private final RandomSource random;
  private final Clock clock;

  public AccountSelector(
      ConcurrencySlots slots,
      StickySessions sticky,
      SelectionSettings settings,
      RandomSource random,
      Clock clock) {
    this.slots = slots;
    this.sticky = sticky;
    this.settings = settings;
    this.random = random;
    this.clock = clock;
  }

  public Selection select(SelectionRequest request) {
    Instant now = clock.instant();
    List<Account> usable = new ArrayList<>();
    for (Account a : request.candidates()) {
      if (!request.excluded().contains(a.id()) && a.isSchedulableAt(now)) {
        usable.add(a);
      }
    }
    String hash = request.sessionHash();
    if (hash != null) {
      Optional<Selection> bound = stickyChoice(request, hash, usable);
      if (bound.isPresent()) {
        return bound.get();
      }
    }
    if (usable.isEmpty()) {
      return none(request, now);
    }
    List<SlotPool> pools = usable.stream().map(a -> SlotPool.account(a.id())).toList();
    Map<SlotPool, Load> loads = slots.loads(pools, settings.slotTtl());
    Map<Long, Double> rank = new HashMap<>();
    for (Account a : usable) {
      rank.put(a.id(), random.nextDouble());
    }
    Comparator<Account> order =
        Comparator.comparingInt(Account::priority)
            .thenComparingDouble(a -> loadRate(a, loads))
            .thenComparing(a -> a.lastUsedAt() == null ? Instant.MIN : a.lastUsedAt())
            .thenComparingDouble(a -> rank.getOrDefault(a.id(), 0.0));
    List<Account> ordered = new ArrayList<>(usable);
    ordered.sort(order);
    for (Account a : ordered) {
      if (loadRate(a, loads) >= 1.0) {
        continue;
      }
      if (slots.tryAcquire(
          SlotPool.account(a.id()), request.requestId(), a.concurrency(), settings.slotTtl())) {
        if (hash != null) {
          sticky.bind(request.groupId(), hash, a.id(), settings.stickyTtl());
        }
        return new Acquired(a, slot(a, request.requestId()), false);
      }
    }
    return new Wait(
        ordered.get(0), settings.fallbackWaitTimeout(), settings.fallbackMaxWaiting(), false);
  }

  private Optional<Selection> stickyChoice(
      SelectionRequest request, String hash, List<Account> usable) {
    Optional<Long> boundId = sticky.getAndTouch(request.groupId(), hash, settings.stickyTtl());
    if (boundId.isEmpty()) {
      return Optional.empty();
    }
    long id = boundId.get();
    Optional<Account> account = usable.stream().filter(a -> a.id() == id).findFirst();
    if (account.isEmpty()) {
      boolean excludedOnlyForThisRequest = request.excluded().contains(id);
      if (!excludedOnlyForThisRequest) {
        // The bound account is unhealthy or gone: forget the binding so the session moves.
        sticky.drop(request.groupId(), hash);
      }
      return Optional.empty();
    }
    Account a = account.get();
    if (slots.tryAcquire(
        SlotPool.account(a.id()), request.requestId(), a.concurrency(), settings.slotTtl())) {
      return Optional.of(new Acquired(a, slot(a, request.requestId()), true));
    }
    Load load =
        slots
            .loads(List.of(SlotPool.account(a.id())), settings.slotTtl())
            .getOrDefault(SlotPool.account(a.id()), new Load(0, 0));
    if (load.waiting() < settings.stickyMaxWaiting()) {
      return Optional.of(
          new Wait(a, settings.stickyWaitTimeout(), settings.stickyMaxWaiting(), true));
    }
    return Optional.empty();
  }

  private NoneAvailable none(SelectionRequest request, Instant now) {
    boolean anyCandidate = false;
    boolean allRateLimited = true;
    @Nullable Instant soonest = null;
    for (Account a : request.candidates()) {
      if (request.excluded().contains(a.id())) {
        continue;
      }
      anyCandidate = true;
      Cooldowns c = a.cooldowns();
      Instant limited = c.rateLimitedUntil();
      if (limited == null || !limited.isAfter(now)) {
        allRateLimited = false;
      }
      for (Instant end : new Instant[] {limited, c.overloadUntil(), c.tempUnschedulableUntil()}) {
        if (end != null && end.isAfter(now) && (soonest == null || end.isBefore(soonest))) {
          soonest = end;
        }
      }
    }
    String reason = anyCandidate ? "no schedulable account in the group" : "no account left to try";
    return new NoneAvailable(reason, anyCandidate && allRateLimited, soonest);
  }

  private Slot slot(Account a, String requestId) {
    SlotPool pool = SlotPool.account(a.id());
    return Slot.held(() -> slots.release(pool, requestId));
  }

  private static double loadRate(Account a, Map<SlotPool, Load> loads) {
    if (a.concurrency() <= 0) {
      return 0;
    }
    Load l = loads.getOrDefault(SlotPool.account(a.id()), new Load(0, 0));
    return (l.inUse() + l.waiting()) / (double) a.concurrency();
  }
}
