package io.subgate.routing;

import io.subgate.concurrency.ConcurrencySlots;
import io.subgate.concurrency.SlotPool;
import io.subgate.token.CachedToken;
import io.subgate.token.TokenCache;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * {@link RequestGate} over the individual ports, one call each: right for process-local backends,
 * where a call costs no round trip.
 */
public class ComposedRequestGate implements RequestGate {
  private final ConcurrencySlots slots;
  private final StickySessions sticky;
  private final TokenCache tokens;

  public ComposedRequestGate(ConcurrencySlots slots, StickySessions sticky, TokenCache tokens) {
    this.slots = slots;
    this.sticky = sticky;
    this.tokens = tokens;
  }

  @Override
  public Admission admit(Admit r) {
    SlotPool user = r.userPool();
    boolean userSlot =
        user == null || slots.tryAcquire(user, r.requestId(), r.userMax(), r.slotTtl());
    String hash = r.sessionHash();
    Long bound =
        hash == null ? null : sticky.getAndTouch(r.groupId(), hash, r.stickyTtl()).orElse(null);
    return new Admission(userSlot, bound, slots.loads(r.loadPools(), r.slotTtl()));
  }

  @Override
  public Claim claim(ClaimRequest r) {
    if (!slots.tryAcquire(r.pool(), r.requestId(), r.max(), r.slotTtl())) {
      return new Claim(false, null);
    }
    String hash = r.bindSessionHash();
    if (hash != null) {
      sticky.bind(r.groupId(), hash, r.accountId(), r.stickyTtl());
    }
    String key = r.tokenKey();
    @Nullable CachedToken token = key == null ? null : tokens.get(key).orElse(null);
    return new Claim(true, token);
  }

  @Override
  public void release(String requestId, List<SlotPool> pools) {
    for (SlotPool pool : pools) {
      slots.release(pool, requestId);
    }
  }
}
