package io.subgate.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.subgate.account.Pacing;
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

  private static Pacing pace(int rpm, int sessions) {
    return new Pacing(rpm, sessions, Duration.ofMinutes(5), null);
  }

  private @Nullable Long claimedAccount(Admission admission) {
    RequestGate.Claimed c = admission.claimed();
    return c == null ? null : c.accountId();
  }

  @Test
  void admitWithClaim_passesOverAnAccountAtItsRequestsPerMinute_andReportsItPaced() {
    long paced = id();
    long spare = id();
    SlotPool pool = SlotPool.account(paced);
    List<RequestGate.Candidate> candidates =
        List.of(
            new RequestGate.Candidate(paced, 10, 0, null, pace(2, 0)),
            new RequestGate.Candidate(spare, 10, 1, null, pace(0, 0)));
    for (int i = 0; i < 2; i++) {
      String request = "rpm-" + i;
      Admission got = admitAndClaim(request, null, id(), null, candidates, 0);
      assertEquals(paced, claimedAccount(got), "request " + i + " is within the cap");
      assertFalse(got.load(pool).paced());
      gate().release(request, List.of(pool));
    }
    Admission third = admitAndClaim("rpm-2", null, id(), null, candidates, 0);
    assertEquals(spare, claimedAccount(third), "the third in the minute goes elsewhere");
    assertTrue(third.load(pool).paced());
    assertFalse(third.load(SlotPool.account(spare)).paced());
    assertEquals(0, slots().inUse(pool, TTL), "nothing taken on the paced account");
  }

  @Test
  void admitWithClaim_movesANewSessionPastTheSessionCap_butKeepsTheOnesItServes() {
    long capped = id();
    long spare = id();
    List<RequestGate.Candidate> candidates =
        List.of(
            new RequestGate.Candidate(capped, 10, 0, null, pace(0, 2)),
            new RequestGate.Candidate(spare, 10, 1, null, pace(0, 0)));
    assertEquals(capped, claimedAccount(admitAndClaim("s-1", null, id(), "s1", candidates, 0)));
    assertEquals(capped, claimedAccount(admitAndClaim("s-2", null, id(), "s2", candidates, 0)));
    assertEquals(
        spare,
        claimedAccount(admitAndClaim("s-3", null, id(), "s3", candidates, 0)),
        "a third session is past the cap");
    assertEquals(
        capped,
        claimedAccount(admitAndClaim("s-4", null, id(), "s1", candidates, 0)),
        "a session it serves keeps its place");
    assertEquals(
        capped,
        claimedAccount(admitAndClaim("s-5", null, id(), null, candidates, 0)),
        "a request without a session is not one");
  }

  @Test
  void admitWithClaim_movesABoundSessionOffAnAccountAtItsPace() {
    long group = id();
    long bound = id();
    long other = id();
    sticky().bind(group, "sess", bound, STICKY_TTL);
    gate().countPace("earlier", bound, pace(1, 0), null);
    List<RequestGate.Candidate> candidates =
        List.of(
            new RequestGate.Candidate(bound, 10, 0, null, pace(1, 0)),
            new RequestGate.Candidate(other, 10, 1, null, pace(0, 0)));
    Admission got = admitAndClaim("r1", null, group, "sess", candidates, 5);
    assertEquals(other, claimedAccount(got), "no wait for a paced account");
    assertEquals(Optional.of(other), sticky().getAndTouch(group, "sess", STICKY_TTL));
  }

  @Test
  void claim_isRefusedAtThePace_andCountsWhatItTakes() {
    long account = id();
    SlotPool pool = SlotPool.account(account);
    Pacing pacing = pace(2, 0);
    Claim first = gate().claim(paced("c1", pool, account, pacing, null));
    assertTrue(first.acquired());
    gate().release("c1", List.of(pool));
    gate().countPace("waited", account, pacing, null);
    Claim refused = gate().claim(paced("c2", pool, account, pacing, null));
    assertFalse(refused.acquired(), "one claimed and one waited: the cap of two is reached");
    assertEquals(0, slots().inUse(pool, TTL));

    long capped = id();
    SlotPool cappedPool = SlotPool.account(capped);
    Pacing sessions = pace(0, 1);
    assertTrue(gate().claim(paced("c3", cappedPool, capped, sessions, "a")).acquired());
    assertFalse(gate().claim(paced("c4", cappedPool, capped, sessions, "b")).acquired());
    assertTrue(gate().claim(paced("c5", cappedPool, capped, sessions, "a")).acquired());
  }

  private static ClaimRequest paced(
      String request, SlotPool pool, long account, Pacing pacing, @Nullable String session) {
    return new ClaimRequest(
        request, pool, 10, TTL, id(), account, null, STICKY_TTL, null, pacing, session);
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

  /** The refusing meter's index, or -1 when the request was admitted. */
  private int refused(SlotPool user, RequestGate.Meter... meters) {
    RequestGate.Refusal r =
        gate()
            .admit(
                new Admit(
                    "r-" + id(),
                    user,
                    5,
                    1,
                    null,
                    List.of(),
                    TTL,
                    STICKY_TTL,
                    List.of(),
                    0,
                    List.of(meters)))
            .refusal();
    return r == null ? -1 : r.meter();
  }

  private static RequestGate.Meter meter(String counter, long limit, long count) {
    return new RequestGate.Meter(List.of(counter), limit, count, Duration.ofDays(2), false);
  }

  private static RequestGate.Charge settle(String counter, long used, long counted) {
    return new RequestGate.Charge(counter, used, counted, Duration.ofDays(2), List.of(), 0);
  }

  @Test
  void aMetersRequests_areCountedInTheAdmitTrip_andRefusedPastTheLimit() {
    String minute = "rpm:" + id() + ":1000";
    SlotPool user = SlotPool.user(id());

    assertEquals(-1, refused(user, meter(minute, 2, 1)));
    assertEquals(-1, refused(user, meter(minute, 2, 1)));
    int before = slots().inUse(user, TTL);
    assertEquals(0, refused(user, meter(minute, 2, 1)));
    assertEquals(before, slots().inUse(user, TTL), "a refused request takes nothing");
    assertEquals(-1, refused(user, meter(minute + "1", 2, 1)), "the next minute has its own count");
  }

  @Test
  void aRefusingMeter_leavesEveryOtherMeterUncounted() {
    String free = "free:" + id();
    String full = "full:" + id();
    SlotPool user = SlotPool.user(id());
    assertEquals(-1, refused(user, meter(full, 1, 1)));

    assertEquals(1, refused(user, meter(free, 1, 1), meter(full, 1, 1)));

    assertEquals(-1, refused(user, meter(free, 1, 1)), "the refused request counted nowhere");
  }

  @Test
  void aRollingWindow_sumsItsBuckets_andCountsInTheFirst() {
    String id = "spend:" + id();
    SlotPool user = SlotPool.user(id());
    RequestGate.Meter hour1 =
        new RequestGate.Meter(List.of(id + ":h1", id + ":h0"), 100, 60, Duration.ofHours(6), false);
    RequestGate.Meter hour2 =
        new RequestGate.Meter(List.of(id + ":h2", id + ":h1"), 100, 30, Duration.ofHours(6), false);
    RequestGate.Meter hour3 =
        new RequestGate.Meter(List.of(id + ":h3", id + ":h2"), 100, 30, Duration.ofHours(6), false);

    assertEquals(-1, refused(user, hour1));
    assertEquals(-1, refused(user, hour2), "60 in the window");
    assertEquals(-1, refused(user, hour2), "90 in the window: below the limit");
    assertEquals(0, refused(user, hour2), "120 in the window");
    assertEquals(-1, refused(user, hour3), "h1 left the window: 60 (h2) in it");
  }

  @Test
  void aMetersTokens_areSettledInTheReleaseTrip_andRefusedOnceUsedUp() {
    String day = "tpd:" + id() + ":20000";
    SlotPool user = SlotPool.user(id());

    assertEquals(-1, refused(user, meter(day, 100, 0)));
    gate().release("r-charge", List.of(), List.of(settle(day, 60, 0)));
    assertEquals(-1, refused(user, meter(day, 100, 0)), "60 of 100 used");
    gate().release("r-charge-2", List.of(), List.of(settle(day, 40, 0)));
    assertEquals(0, refused(user, meter(day, 100, 0)));
  }

  @Test
  void admissionReservesItsEstimate_soRequestsInFlightCountAgainstTheLimit_andReleaseSettles() {
    String day = "tpd:" + id() + ":20100";
    SlotPool user = SlotPool.user(id());

    assertEquals(-1, refused(user, meter(day, 100, 80)), "0 of 100: admitted");
    assertEquals(-1, refused(user, meter(day, 100, 30)), "80 reserved: admitted");
    assertEquals(
        0,
        refused(user, meter(day, 100, 30)),
        "110 reserved by requests still running: the third waits for none of them to finish");

    gate().release("r-first", List.of(), List.of(settle(day, 20, 80)));
    assertEquals(-1, refused(user, meter(day, 100, 30)), "settled: 20 + 30 reserved");
    gate().release("r-second", List.of(), List.of(settle(day, 0, 30)));
    gate().release("r-fourth", List.of(), List.of(settle(day, 0, 30)));
    assertEquals(
        -1, refused(user, meter(day, 100, 79)), "what was reserved and not used is given back");
    assertEquals(-1, refused(user, meter(day, 100, 1)), "99 of 100");
    assertEquals(0, refused(user, meter(day, 100, 1)), "100 of 100");
  }

  @Test
  void sums_readWhatEachWindowHasUsed() {
    String a = "sum:" + id();
    SlotPool user = SlotPool.user(id());
    assertEquals(-1, refused(user, meter(a + ":1", 0, 7)));
    assertEquals(-1, refused(user, meter(a + ":2", 0, 5)));

    assertEquals(
        List.of(12L, 7L, 0L),
        gate().sums(List.of(List.of(a + ":1", a + ":2"), List.of(a + ":1"), List.of(a + ":3"))));
  }

  @Test
  void release_reportsEachThresholdOnce_perWindow() {
    String day = "spend:" + id() + ":d1";
    RequestGate.Charge seventy =
        new RequestGate.Charge(day, 70, 0, Duration.ofDays(2), List.of(day), 100);
    RequestGate.Charge fifteen =
        new RequestGate.Charge(day, 15, 0, Duration.ofDays(2), List.of(day), 100);

    assertEquals(List.of(), gate().release("r1", List.of(), List.of(seventy)));
    assertEquals(
        List.of(new RequestGate.Crossing(0, 80)),
        gate().release("r2", List.of(), List.of(fifteen)),
        "85 of 100");
    assertEquals(
        List.of(new RequestGate.Crossing(1, 100)),
        gate().release("r3", List.of(), List.of(settle("other:" + id(), 1, 0), fifteen)),
        "100 of 100: the 80 % already told");
    assertEquals(List.of(), gate().release("r4", List.of(), List.of(fifteen)));
  }

  @Test
  void releaseAsync_freesTheSlots_andAnswersTheThresholds() throws Exception {
    SlotPool user = SlotPool.user(id());
    assertTrue(admit("ra1", user, 1, 1, null, List.of()).userSlot());
    String day = "spend:" + id() + ":d1";
    RequestGate.Charge ninety =
        new RequestGate.Charge(day, 90, 0, Duration.ofDays(2), List.of(day), 100);

    List<RequestGate.Crossing> crossed =
        gate()
            .releaseAsync("ra1", List.of(user), List.of(ninety))
            .toCompletableFuture()
            .get(5, java.util.concurrent.TimeUnit.SECONDS);

    assertEquals(List.of(new RequestGate.Crossing(0, 80)), crossed, "90 of 100");
    assertEquals(0, slots().inUse(user, TTL));
    assertTrue(admit("ra2", user, 1, 1, null, List.of()).userSlot(), "the one slot is free again");
  }
}
