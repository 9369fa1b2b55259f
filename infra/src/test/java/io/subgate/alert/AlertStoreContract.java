package io.subgate.alert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.subgate.account.DuplicateNameException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** What every {@link AlertStore} must do; run on the fake, H2 and PostgreSQL. */
public abstract class AlertStoreContract {
  private static final Instant NOW = Instant.parse("2026-12-03T10:00:00Z");

  protected abstract AlertStore store();

  private static String unique(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  @Test
  void webhooksKeepTheirSecret_andNamesAreUnique() {
    String name = unique("hook");
    Webhook w = store().createWebhook(name, "http://127.0.0.1:1/h", Webhook.Format.SLACK, "s3cr3t");
    Webhook read =
        store().webhooks().stream().filter(h -> h.id() == w.id()).findFirst().orElseThrow();
    assertEquals("s3cr3t", read.secret());
    assertEquals(Webhook.Format.SLACK, read.format());
    assertThrows(
        DuplicateNameException.class,
        () -> store().createWebhook(name, "http://x", Webhook.Format.GENERIC, "s"));
    assertTrue(store().deleteWebhook(w.id()));
    assertFalse(store().deleteWebhook(w.id()));
  }

  @Test
  void aConditionOpensOnce_andClosesOnce_evenRacing() throws Exception {
    String condition = unique("account.error");
    int threads = 4;
    CountDownLatch start = new CountDownLatch(1);
    AtomicInteger opened = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> runs =
          java.util.stream.IntStream.range(0, threads)
              .mapToObj(
                  i ->
                      pool.submit(
                          () -> {
                            start.await(5, TimeUnit.SECONDS);
                            if (store().open(condition, "account.error", "down", NOW)) {
                              opened.incrementAndGet();
                            }
                            return null;
                          }))
              .<Future<?>>map(f -> f)
              .toList();
      start.countDown();
      for (Future<?> f : runs) {
        f.get(10, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    assertEquals(1, opened.get(), "exactly one caller tells it");
    assertTrue(store().openConditions().stream().anyMatch(c -> c.condition().equals(condition)));
    assertTrue(store().close(condition));
    assertFalse(store().close(condition), "its recovery is told once");
    assertTrue(store().open(condition, "account.error", "again", NOW), "and it may start again");
    store().close(condition);
  }

  @Test
  void aDeliveryIsClaimedOncePerAttempt_retriedWhenDue_andDoneWhenDelivered() {
    Webhook w =
        store().createWebhook(unique("h"), "http://127.0.0.1:1/h", Webhook.Format.GENERIC, "s");
    store().enqueue(w.id(), "account.error", "{\"a\":1}", NOW);
    AlertStore.Delivery d = only(store().due(NOW, 10, 100), w.id());
    assertEquals(0, d.attempts());
    assertTrue(store().claim(d, NOW.plusSeconds(60)));
    assertFalse(store().claim(d, NOW.plusSeconds(60)), "one caller per attempt");
    assertTrue(store().due(NOW, 10, 100).stream().noneMatch(x -> x.webhookId() == w.id()));
    store().retryAt(d.id(), NOW.plusSeconds(5), "the receiver answered 503");
    assertTrue(store().due(NOW.plusSeconds(4), 10, 100).stream().noneMatch(x -> x.id() == d.id()));
    AlertStore.Delivery again = only(store().due(NOW.plusSeconds(5), 10, 100), w.id());
    assertEquals(1, again.attempts());
    assertTrue(
        store().due(NOW.plusSeconds(5), 1, 100).stream().noneMatch(x -> x.id() == d.id()),
        "no attempts left at a maximum of one");
    assertTrue(store().claim(again, NOW.plusSeconds(65)));
    store().delivered(d.id(), NOW.plusSeconds(6));
    assertTrue(
        store().due(NOW.plus(1, ChronoUnit.DAYS), 10, 100).stream()
            .noneMatch(x -> x.id() == d.id()));
    AlertStore.DeliveryStatus status =
        store().recent(100).stream().filter(s -> s.id() == d.id()).findFirst().orElseThrow();
    assertEquals(2, status.attempts());
    assertNotNull(status.deliveredAt());
    store().deleteWebhook(w.id());
  }

  private static AlertStore.Delivery only(List<AlertStore.Delivery> due, long webhookId) {
    List<AlertStore.Delivery> mine = due.stream().filter(d -> d.webhookId() == webhookId).toList();
    assertEquals(1, mine.size(), mine.toString());
    return mine.get(0);
  }
}
