package io.subgate.gateway.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.subgate.account.Account;
import io.subgate.account.Platform;
import io.subgate.concurrency.ConcurrencySlots;
import io.subgate.concurrency.SlotPool;
import jakarta.inject.Inject;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/**
 * Slots are short leases: a process killed while holding every slot of an account blocks it for one
 * lease at most, and a running stream longer than the lease keeps its slot by renewing it. The
 * lease is 1 s here (60 s by default).
 */
@MicronautTest(transactional = false)
class SlotLeasesTest extends UpstreamTestBase {
  private static final Duration LEASE = Duration.ofSeconds(1);

  @Inject ConcurrencySlots slots;

  @Override
  protected void configure(Map<String, String> p) {
    p.put("subgate.selection.slot-ttl", "1s");
    p.put("subgate.selection.fallback-wait-timeout", "10s");
  }

  private int inUse(SlotPool pool) {
    return slots.inUse(pool, LEASE);
  }

  @Test
  void slotsOfAKilledHolder_freeWithinOneLease_andTheAccountServesAgain() throws Exception {
    Account account = pools().account(Platform.ANTHROPIC, "sk-lease-" + UUID.randomUUID(), 1, 2);
    String key = pools().key(Platform.ANTHROPIC, 5, account);
    SlotPool pool = SlotPool.account(account.id());
    // What a process killed mid-request leaves behind: both slots taken, nobody to release them.
    assertTrue(slots.tryAcquire(pool, "dead-1", 2, LEASE));
    assertTrue(slots.tryAcquire(pool, "dead-2", 2, LEASE));

    long start = System.nanoTime();
    HttpResponse<String> r =
        Sse.send(
            server.getURI(),
            "/v1/messages",
            key,
            RequestPathTest.body(RequestPathTest.MESSAGES, false));
    long ms = (System.nanoTime() - start) / 1_000_000;
    assertEquals(200, r.statusCode(), r.body());
    assertTrue(ms < 5_000, "served within a lease or so of the holder's death: " + ms + " ms");
  }

  @Test
  void aStreamLongerThanTheLease_keepsItsSlot() throws Exception {
    Account account = pools().account(Platform.ANTHROPIC, "sk-long-" + UUID.randomUUID(), 1, 1);
    String key = pools().key(Platform.ANTHROPIC, 5, account);
    SlotPool pool = SlotPool.account(account.id());
    CountDownLatch hold = new CountDownLatch(1);
    upstream.holdAfterFirstEvent(hold);
    try {
      HttpResponse<InputStream> stream =
          Sse.open(
              server.getURI(),
              "/v1/messages",
              key,
              RequestPathTest.body(RequestPathTest.MESSAGES, true));
      assertEquals(200, stream.statusCode());
      Sse.EventReader events = new Sse.EventReader(stream.body());
      assertTrue(events.next() != null, "the stream started");
      // Three leases later the stream still holds its slot: renewed, not expired.
      Thread.sleep(3 * LEASE.toMillis());
      assertEquals(1, inUse(pool), "the running stream's slot is alive");
      hold.countDown();
      while (events.next() != null) {
        // drain to the end
      }
    } finally {
      hold.countDown();
      upstream.holdAfterFirstEvent(new CountDownLatch(0));
    }
    assertEquals(0, inUse(pool), "released at the end");
  }
}
