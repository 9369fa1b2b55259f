package io.subgate.testing;

import io.subgate.account.DuplicateNameException;
import io.subgate.alert.AlertStore;
import io.subgate.alert.Webhook;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** {@link AlertStore} in memory, for unit tests; held to the same contract as JDBC. */
public final class InMemoryAlertStore implements AlertStore {
  private final Clock clock;
  private final Map<Long, Webhook> hooks = new LinkedHashMap<>();
  private final Map<String, OpenCondition> open = new LinkedHashMap<>();
  private final Map<Long, Row> deliveries = new LinkedHashMap<>();
  private long nextHook = 1;
  private long nextDelivery = 1;

  public InMemoryAlertStore(Clock clock) {
    this.clock = clock;
  }

  private static final class Row {
    final Delivery queued;
    int attempts;
    Instant next;
    @Nullable Instant delivered;
    @Nullable String error;
    final Instant created;

    Row(Delivery queued, Instant created) {
      this.queued = queued;
      this.next = queued.nextAttemptAt();
      this.created = created;
    }

    Delivery now() {
      return new Delivery(
          queued.id(), queued.webhookId(), queued.kind(), queued.body(), attempts, next);
    }
  }

  @Override
  public synchronized Webhook createWebhook(
      String name, String url, Webhook.Format format, String secret) {
    if (hooks.values().stream().anyMatch(h -> h.name().equals(name))) {
      throw new DuplicateNameException("webhook", name);
    }
    Webhook w = new Webhook(nextHook++, name, url, format, secret, clock.instant());
    hooks.put(w.id(), w);
    return w;
  }

  @Override
  public synchronized List<Webhook> webhooks() {
    return List.copyOf(hooks.values());
  }

  @Override
  public synchronized boolean deleteWebhook(long id) {
    deliveries.values().removeIf(r -> r.queued.webhookId() == id);
    return hooks.remove(id) != null;
  }

  @Override
  public synchronized boolean open(String condition, String kind, String summary, Instant since) {
    return open.putIfAbsent(condition, new OpenCondition(condition, kind, summary, since)) == null;
  }

  @Override
  public synchronized boolean close(String condition) {
    return open.remove(condition) != null;
  }

  @Override
  public synchronized List<OpenCondition> openConditions() {
    List<OpenCondition> out = new ArrayList<>(open.values());
    out.sort(Comparator.comparing(OpenCondition::since).thenComparing(OpenCondition::condition));
    return out;
  }

  @Override
  public synchronized void enqueue(long webhookId, String kind, String body, Instant now) {
    long id = nextDelivery++;
    deliveries.put(id, new Row(new Delivery(id, webhookId, kind, body, 0, now), now));
  }

  @Override
  public synchronized List<Delivery> due(Instant now, int maxAttempts, int limit) {
    return deliveries.values().stream()
        .filter(r -> r.delivered == null && !r.next.isAfter(now) && r.attempts < maxAttempts)
        .sorted(Comparator.comparing((Row r) -> r.next).thenComparing(r -> r.queued.id()))
        .limit(limit)
        .map(Row::now)
        .toList();
  }

  @Override
  public synchronized boolean claim(Delivery d, Instant leaseUntil) {
    Row r = deliveries.get(d.id());
    if (r == null || r.delivered != null || r.attempts != d.attempts()) {
      return false;
    }
    r.attempts++;
    r.next = leaseUntil;
    return true;
  }

  @Override
  public synchronized void delivered(long id, Instant at) {
    Row r = deliveries.get(id);
    if (r != null) {
      r.delivered = at;
      r.error = null;
    }
  }

  @Override
  public synchronized void retryAt(long id, Instant next, String error) {
    Row r = deliveries.get(id);
    if (r != null) {
      r.next = next;
      r.error = error;
    }
  }

  @Override
  public synchronized List<DeliveryStatus> recent(int limit) {
    List<DeliveryStatus> out = new ArrayList<>();
    List<Row> rows = new ArrayList<>(deliveries.values());
    for (int i = rows.size() - 1; i >= 0 && out.size() < limit; i--) {
      Row r = rows.get(i);
      out.add(
          new DeliveryStatus(
              r.queued.id(),
              r.queued.webhookId(),
              r.queued.kind(),
              r.attempts,
              r.created,
              r.delivered,
              r.error));
    }
    return out;
  }
}
