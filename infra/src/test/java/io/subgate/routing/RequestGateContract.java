package io.subgate.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.subgate.concurrency.ConcurrencySlots;
import io.subgate.concurrency.ConcurrencySlots.Load;
import io.subgate.concurrency.SlotPool;
import io.subgate.routing.RequestGate.Admission;
import io.subgate.routing.RequestGate.Admit;
import io.subgate.routing.RequestGate.Claim;
import io.subgate.routing.RequestGate.ClaimRequest;
import io.subgate.token.CachedToken;
import io.subgate.token.TokenCache;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * What every {@link RequestGate} must do, and that it agrees with the single ports it batches; run
 * against the composed in-process gate and the Redis gate.
 */
public abstract class RequestGateContract {
  private static final Duration TTL = Duration.ofMinutes(5);
  private static final Duration STICKY_TTL = Duration.ofHours(1);

  protected abstract RequestGate gate();

  protected abstract ConcurrencySlots slots();

  protected abstract StickySessions sticky();

  protected abstract TokenCache tokens();

  private static long id() {
    return ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE);
  }

  private Admission admit(
      String request,
      @Nullable SlotPool user,
      int max,
      long group,
      @Nullable String hash,
      List<SlotPool> pools) {
    return gate()
        .admit(new Admit(request, user, max, group, hash, pools, TTL, STICKY_TTL, List.of(), 0));
  }

  private Claim claim(
      String request,
      SlotPool pool,
      int max,
      long group,
      long account,
      @Nullable String bind,
      @Nullable String tokenKey) {
    return gate()
        .claim(
            new ClaimRequest(request, pool, max, TTL, group, account, bind, STICKY_TTL, tokenKey));
  }

  @Test
  void admit_takesTheUserSlotUpToItsLimit_andReportsLoads() {
    SlotPool user = SlotPool.user(id());
    SlotPool a = SlotPool.account(id());
    SlotPool b = SlotPool.account(id());
    assertTrue(slots().tryAcquire(a, "elsewhere", 3, TTL));
    assertTrue(slots().enterWait(b, "w1", 10, TTL));

    Admission first = admit("r1", user, 1, 1, null, List.of(a, b));
    assertTrue(first.userSlot());
    assertNull(first.stickyAccountId());
    assertEquals(new Load(1, 0), first.load(a));
    assertEquals(new Load(0, 1), first.load(b));
    assertEquals(1, slots().inUse(user, TTL), "the user slot is a real slot");

    assertFalse(admit("r2", user, 1, 1, null, List.of()).userSlot(), "user limit of one");
    assertTrue(
        admit("r3", null, 0, 1, null, List.of()).userSlot(), "no user pool: nothing to take");
    slots().leaveWait(b, "w1");
  }

  @Test
  void admit_readsAndExtendsTheSessionBinding() {
    long group = id();
    long account = id();
    sticky().bind(group, "sess", account, Duration.ofSeconds(30));
    Admission got = admit("r1", null, 0, group, "sess", List.of());
    assertEquals(account, got.stickyAccountId());
    assertNull(admit("r2", null, 0, group, "other", List.of()).stickyAccountId());
  }

  @Test
  void claim_takesTheAccountSlot_bindsTheSession_andReadsTheToken() {
    long group = id();
    long account = id();
    SlotPool pool = SlotPool.account(account);
    String tokenKey = "anthropic:account:" + account;
    assertTrue(tokens().put(tokenKey, new CachedToken("at-1", 4), Duration.ofMinutes(5)));

    Claim got = claim("r1", pool, 1, group, account, "sess", tokenKey);
    assertTrue(got.acquired());
    CachedToken token = got.token();
    assertNotNull(token);
    assertEquals("at-1", token.accessToken());
    assertEquals(4, token.credentialsVersion());
    assertEquals(Optional.of(account), sticky().getAndTouch(group, "sess", STICKY_TTL));
    assertEquals(1, slots().inUse(pool, TTL));

    Claim full = claim("r2", pool, 1, group, account, "sess2", tokenKey);
    assertFalse(full.acquired());
    assertNull(full.token(), "no token without a slot");
    assertEquals(Optional.empty(), sticky().getAndTouch(group, "sess2", STICKY_TTL), "no bind");

    Claim noToken = claim("r3", SlotPool.account(id()), 1, group, account, null, "missing:key");
    assertTrue(noToken.acquired());
    assertNull(noToken.token());
  }

  private Admission admitAndClaim(
      String request,
      @Nullable SlotPool user,
      long group,
      @Nullable String hash,
      List<RequestGate.Candidate> candidates,
      int stickyMaxWaiting) {
    List<SlotPool> pools = candidates.stream().map(c -> SlotPool.account(c.accountId())).toList();
    return gate()
        .admit(
            new Admit(
                request,
                user,
                1,
                group,
                hash,
                pools,
                TTL,
                STICKY_TTL,
                candidates,
                stickyMaxWaiting));
  }

  @Test
  void admitWithClaim_takesTheBestFreeAccount_bindsTheSession_andReadsItsToken() {
    long group = id();
    long busy = id();
    long free = id();
    long low = id();
    String tokenKey = "anthropic:account:" + free;
    assertTrue(tokens().put(tokenKey, new CachedToken("at-free", 2), Duration.ofMinutes(5)));
    assertTrue(slots().tryAcquire(SlotPool.account(busy), "elsewhere", 2, TTL));
    List<RequestGate.Candidate> candidates =
        List.of(
            // Same priority: the busier account loses to the idle one despite coming first.
            new RequestGate.Candidate(busy, 2, 1, null),
            new RequestGate.Candidate(free, 2, 1, tokenKey),
            // A worse priority is never chosen while a better one has room.
            new RequestGate.Candidate(low, 2, 5, null));

    Admission got = admitAndClaim("r1", SlotPool.user(id()), group, "sess", candidates, 3);
    RequestGate.Claimed claimed = got.claimed();
    assertNotNull(claimed);
    assertEquals(free, claimed.accountId());
    assertFalse(claimed.sticky());
    CachedToken token = claimed.token();
    assertNotNull(token);
    assertEquals("at-free", token.accessToken());
    assertEquals(1, slots().inUse(SlotPool.account(free), TTL), "the claimed slot is real");
    assertEquals(new Load(1, 0), got.load(SlotPool.account(busy)), "loads as read before");
    assertEquals(Optional.of(free), sticky().getAndTouch(group, "sess", STICKY_TTL));

    // The session's account next time, ahead of the less loaded one.
    assertTrue(slots().tryAcquire(SlotPool.account(low), "elsewhere", 2, TTL));
    Admission again = admitAndClaim("r2", null, group, "sess", candidates, 3);
    RequestGate.Claimed sticky = again.claimed();
    assertNotNull(sticky);
    assertEquals(free, sticky.accountId());
    assertTrue(sticky.sticky());
  }

  @Test
  void admitWithClaim_claimsNothing_whenTheUserSlotIsRefused_orTheSessionsAccountIsFull() {
    long group = id();
    long account = id();
    long other = id();
    SlotPool user = SlotPool.user(id());
    assertTrue(slots().tryAcquire(user, "elsewhere", 1, TTL));
    List<RequestGate.Candidate> candidates =
        List.of(
            new RequestGate.Candidate(account, 1, 1, null),
            new RequestGate.Candidate(other, 1, 1, null));

    Admission refused = admitAndClaim("r1", user, group, null, candidates, 3);
    assertFalse(refused.userSlot());
    assertNull(refused.claimed(), "no account slot before the user slot");
    assertEquals(0, slots().inUse(SlotPool.account(account), TTL));
    assertEquals(0, slots().inUse(SlotPool.account(other), TTL));

    sticky().bind(group, "sess", account, STICKY_TTL);
    assertTrue(slots().tryAcquire(SlotPool.account(account), "elsewhere", 1, TTL));
    Admission waits = admitAndClaim("r2", null, group, "sess", candidates, 3);
    assertNull(waits.claimed(), "the session waits for its own account while few others do");
    assertEquals(0, slots().inUse(SlotPool.account(other), TTL));

    Admission moves = admitAndClaim("r3", null, group, "sess", candidates, 0);
    RequestGate.Claimed moved = moves.claimed();
    assertNotNull(moved, "with no room to wait, the session moves");
    assertEquals(other, moved.accountId());
    assertEquals(Optional.of(other), sticky().getAndTouch(group, "sess", STICKY_TTL));
  }

  @Test
  void release_freesEverySlotOfTheRequest_once() {
    SlotPool user = SlotPool.user(id());
    SlotPool account = SlotPool.account(id());
    assertTrue(admit("r1", user, 2, 1, null, List.of()).userSlot());
    assertTrue(claim("r1", account, 2, 1, account.id(), null, null).acquired());
    assertTrue(slots().tryAcquire(account, "r2", 2, TTL));

    gate().release("r1", List.of(user, account));
    gate().release("r1", List.of(user, account));
    assertEquals(0, slots().inUse(user, TTL));
    assertEquals(1, slots().inUse(account, TTL), "another request's slot stays");
  }

  private RequestGate.KeyLimited limited(RequestGate.KeyLimit limit, SlotPool user) {
    return gate()
        .admit(
            new Admit(
                "r-" + id(), user, 5, 1, null, List.of(), TTL, STICKY_TTL, List.of(), 0, limit))
        .keyLimited();
  }

  @Test
  void aKeysRequestsPerMinute_areCountedInTheAdmitTrip_andRefusedPastTheLimit() {
    long key = id();
    SlotPool user = SlotPool.user(id());
    RequestGate.KeyLimit minute = new RequestGate.KeyLimit(key, 2, 0, 1_000, 10);

    assertEquals(RequestGate.KeyLimited.NONE, limited(minute, user));
    assertEquals(RequestGate.KeyLimited.NONE, limited(minute, user));
    int before = slots().inUse(user, TTL);
    assertEquals(RequestGate.KeyLimited.REQUESTS_PER_MINUTE, limited(minute, user));
    assertEquals(before, slots().inUse(user, TTL), "a refused request takes nothing");
    assertEquals(
        RequestGate.KeyLimited.NONE,
        limited(new RequestGate.KeyLimit(key, 2, 0, 1_001, 10), user),
        "the next minute has its own count");
  }

  @Test
  void aKeysTokensPerDay_areChargedInTheReleaseTrip_andRefusedOnceUsedUp() {
    long key = id();
    SlotPool user = SlotPool.user(id());
    RequestGate.KeyLimit day = new RequestGate.KeyLimit(key, 0, 100, 5, 20_000);

    assertEquals(RequestGate.KeyLimited.NONE, limited(day, user));
    gate().release("r-charge", List.of(), new RequestGate.KeyCharge(key, 20_000, 60));
    assertEquals(RequestGate.KeyLimited.NONE, limited(day, user), "60 of 100 used");
    gate().release("r-charge-2", List.of(), new RequestGate.KeyCharge(key, 20_000, 40));
    assertEquals(RequestGate.KeyLimited.TOKENS_PER_DAY, limited(day, user));
    assertEquals(
        RequestGate.KeyLimited.NONE,
        limited(new RequestGate.KeyLimit(key, 0, 100, 5, 20_001), user),
        "a new day");
  }

  @Test
  void admissionReservesItsEstimate_soRequestsInFlightCountAgainstTheDay_andReleaseSettles() {
    long key = id();
    SlotPool user = SlotPool.user(id());
    long day = 20_100;
    RequestGate.KeyLimit reserving80 = new RequestGate.KeyLimit(key, 0, 100, 5, day, 80);
    RequestGate.KeyLimit reserving30 = new RequestGate.KeyLimit(key, 0, 100, 5, day, 30);

    assertEquals(RequestGate.KeyLimited.NONE, limited(reserving80, user), "0 of 100: admitted");
    assertEquals(RequestGate.KeyLimited.NONE, limited(reserving30, user), "80 reserved: admitted");
    assertEquals(
        RequestGate.KeyLimited.TOKENS_PER_DAY,
        limited(reserving30, user),
        "110 reserved by requests still running: the third waits for none of them to finish");

    gate().release("r-first", List.of(), new RequestGate.KeyCharge(key, day, 20, 80));
    assertEquals(
        RequestGate.KeyLimited.NONE, limited(reserving30, user), "settled: 20 + 30 reserved");
    gate().release("r-second", List.of(), new RequestGate.KeyCharge(key, day, 0, 30));
    gate().release("r-fourth", List.of(), new RequestGate.KeyCharge(key, day, 0, 30));
    assertEquals(
        RequestGate.KeyLimited.NONE,
        limited(new RequestGate.KeyLimit(key, 0, 100, 5, day, 79), user),
        "what was reserved and not used is given back: 20 used");
    assertEquals(
        RequestGate.KeyLimited.NONE,
        limited(new RequestGate.KeyLimit(key, 0, 100, 5, day, 1), user),
        "99 of 100");
    assertEquals(
        RequestGate.KeyLimited.TOKENS_PER_DAY,
        limited(new RequestGate.KeyLimit(key, 0, 100, 5, day, 1), user),
        "100 of 100");
  }
}
