package io.subgate.gateway.proxy;

import static org.awaitility.Awaitility.await;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Twenty simultaneous streaming requests on one account with two slots (seed 004's scenario), on
 * Redis: never more than two upstream at once, waiters kept alive with pings, every request served
 * or refused with a rate-limit answer, and no slot left behind.
 */
@MicronautTest(transactional = false)
class StreamingConcurrencyTest extends UpstreamTestBase {
  private static final int CLIENTS = 20;

  @Inject ConcurrencySlots slots;

  @Override
  protected void configure(Map<String, String> p) {
    p.put("subgate.proxy.ping-interval", "150ms");
    p.put("subgate.selection.fallback-wait-timeout", "2500ms");
    p.put("subgate.selection.fallback-max-waiting", "15");
  }

  /** What one client saw. */
  private record Seen(int status, String retryAfter, List<String> events) {
    boolean complete() {
      return status == 200
          && !events.isEmpty()
          && events.get(events.size() - 1).startsWith("event: message_stop");
    }

    boolean refused() {
      boolean limitedStatus = status == 429 && !retryAfter.isEmpty();
      boolean limitedEvent =
          status == 200
              && !events.isEmpty()
              && events.get(events.size() - 1).startsWith("event: error")
              && events.get(events.size() - 1).contains("rate_limit_error");
      return limitedStatus || limitedEvent;
    }

    long pings() {
      return events.stream().filter(e -> e.startsWith("event: ping")).count();
    }
  }

  @Test
  void twentyStreams_onTwoSlots_neverExceedTwo_pingWaiters_andLeaveNoSlot() throws Exception {
    Pools pools = pools();
    Account account = pools.account(Platform.ANTHROPIC, "sk-ant-busy", 1, 2);
    String key = pools.key(Platform.ANTHROPIC, 50, account);
    upstream.deltas(3).eventGap(Duration.ofMillis(40)).resetCounters();
    String body = RequestPathTest.body(RequestPathTest.MESSAGES, true);

    ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<Seen>> futures = new ArrayList<>();
    try {
      for (int i = 0; i < CLIENTS; i++) {
        futures.add(
            clients.submit(
                () -> {
                  start.await();
                  HttpResponse<InputStream> r =
                      Sse.open(server.getURI(), "/v1/messages", key, body);
                  List<String> events =
                      r.statusCode() == 200
                          ? Sse.events(r.body())
                          : List.of(new String(r.body().readAllBytes()));
                  return new Seen(
                      r.statusCode(), r.headers().firstValue("retry-after").orElse(""), events);
                }));
      }
      start.countDown();
      List<Seen> seen = new ArrayList<>();
      for (Future<Seen> f : futures) {
        seen.add(f.get(60, TimeUnit.SECONDS));
      }
      long complete = seen.stream().filter(Seen::complete).count();
      long refused = seen.stream().filter(Seen::refused).count();
      long pinged = seen.stream().filter(s -> s.pings() > 0).count();
      System.out.printf(
          "20 streams on 2 slots: complete=%d refused=%d pinged=%d peak upstream=%d%n",
          complete, refused, pinged, upstream.peakInFlight());

      assertEquals(CLIENTS, complete + refused, "every client was served or refused: " + seen);
      assertTrue(complete >= 2, "some were served");
      assertTrue(upstream.peakInFlight() <= 2, "peak upstream " + upstream.peakInFlight());
      assertTrue(pinged > 0, "waiting streams received pings");
      for (Seen s : seen) {
        if (s.complete()) {
          int firstContent = indexOf(s.events(), "event: content_block_delta");
          int lastPing = lastIndexOf(s.events(), "event: ping");
          assertTrue(lastPing < firstContent, "pings only before the answer: " + s.events());
        }
      }
      // Each request releases its slots just after its last byte went out: wait, bounded.
      await()
          .atMost(Duration.ofSeconds(5))
          .until(
              () ->
                  slots.inUse(SlotPool.account(account.id()), Duration.ofMinutes(15)) == 0
                      && slots.inUse(SlotPool.user(pools.userOf(key)), Duration.ofMinutes(15))
                          == 0);
      assertEquals(
          new ConcurrencySlots.Load(0, 0),
          slots
              .loads(List.of(SlotPool.account(account.id())), Duration.ofMinutes(15))
              .get(SlotPool.account(account.id())),
          "no waiter left counted");
    } finally {
      clients.shutdownNow();
      upstream.eventGap(Duration.ZERO);
    }
  }

  private static int indexOf(List<String> events, String prefix) {
    for (int i = 0; i < events.size(); i++) {
      if (events.get(i).startsWith(prefix)) {
        return i;
      }
    }
    return -1;
  }

  private static int lastIndexOf(List<String> events, String prefix) {
    int last = -1;
    for (int i = 0; i < events.size(); i++) {
      if (events.get(i).startsWith(prefix)) {
        last = i;
      }
    }
    return last;
  }
}
