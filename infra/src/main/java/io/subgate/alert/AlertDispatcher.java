package io.subgate.alert;

import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.json.JsonMapper;
import io.subgate.support.DaemonThreads;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends notices to every webhook: each is queued in the {@link AlertStore} first (so a process that
 * stops loses none), then sent by a thread of its own — never the caller's — signed ({@link
 * AlertSignature}); a refused or unanswered delivery is tried again after 5 s, 10 s, 20 s … (at
 * most 10 minutes apart, {@value #MAX_ATTEMPTS} attempts), by this process or by the next sweep of
 * any.
 */
@Singleton
public final class AlertDispatcher {
  static final int MAX_ATTEMPTS = 10;
  private static final Duration FIRST_RETRY = Duration.ofSeconds(5);
  private static final Duration MAX_RETRY = Duration.ofMinutes(10);
  private static final Duration TIMEOUT = Duration.ofSeconds(5);
  private static final Duration LEASE = Duration.ofMinutes(1);
  private static final Logger LOG = LoggerFactory.getLogger(AlertDispatcher.class);

  private final AlertStore store;
  private final HttpClient http;
  private final JsonMapper json;
  private final MeterRegistry registry;
  private final Clock clock;
  private final Executor sender;

  @Inject
  public AlertDispatcher(
      AlertStore store, HttpClient http, JsonMapper json, MeterRegistry registry, Clock clock) {
    // One sender, one more run queued at most: a run sends everything due, so more would be idle.
    this(
        store,
        http,
        json,
        registry,
        clock,
        new ThreadPoolExecutor(
            1,
            1,
            0,
            TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(1),
            DaemonThreads.named("alert-sender"),
            new ThreadPoolExecutor.DiscardPolicy()));
  }

  /** With {@code sender} running the sends {@link #kick} starts (tests: the caller's thread). */
  AlertDispatcher(
      AlertStore store,
      HttpClient http,
      JsonMapper json,
      MeterRegistry registry,
      Clock clock,
      Executor sender) {
    this.store = store;
    this.http = http;
    this.json = json;
    this.registry = registry;
    this.clock = clock;
    this.sender = sender;
  }

  /** Queues {@code alert} for every webhook, then starts sending on the sender thread. */
  public void raise(Alert alert) {
    raise(alert, store.webhooks());
  }

  /** Queues {@code alert} for {@code hooks}, then starts sending on the sender thread. */
  public void raise(Alert alert, List<Webhook> hooks) {
    LOG.warn(
        "alert.{} condition={} summary={}",
        alert.firing() ? "firing" : "resolved",
        alert.condition(),
        alert.summary());
    String id = UUID.randomUUID().toString();
    for (Webhook hook : hooks) {
      store.enqueue(hook.id(), alert.kind(), body(hook.format(), alert, id), clock.instant());
    }
    kick();
  }

  /** Sends what is due on the sender thread, unless it is already at it (it then goes on). */
  public void kick() {
    try {
      sender.execute(this::deliverDue);
    } catch (RejectedExecutionException e) {
      // stopping: the next sweep sends it
    }
  }

  /**
   * Sends every delivery due now, on the calling thread; what fails is queued for its next try.
   *
   * @return deliveries sent successfully
   */
  public int deliverDue() {
    int sent = 0;
    Map<Long, Webhook> hooks = null;
    while (true) {
      Instant now = clock.instant();
      List<AlertStore.Delivery> due = store.due(now, MAX_ATTEMPTS, 50);
      if (due.isEmpty()) {
        return sent;
      }
      if (hooks == null) {
        hooks =
            store.webhooks().stream().collect(Collectors.toMap(Webhook::id, Function.identity()));
      }
      int claimed = 0;
      for (AlertStore.Delivery d : due) {
        Webhook hook = hooks.get(d.webhookId());
        if (hook == null || !store.claim(d, now.plus(LEASE))) {
          continue;
        }
        claimed++;
        String error = send(hook, d);
        registry
            .counter("subgate.alert.deliveries", "outcome", error == null ? "sent" : "failed")
            .increment();
        if (error == null) {
          store.delivered(d.id(), clock.instant());
          sent++;
        } else {
          store.retryAt(d.id(), clock.instant().plus(backoff(d.attempts() + 1)), error);
          LOG.warn(
              "alert.delivery_failed webhook={} delivery={} attempt={} error={}",
              hook.name(),
              d.id(),
              d.attempts() + 1,
              error);
        }
      }
      if (claimed == 0) {
        return sent;
      }
    }
  }

  /** The wait after the {@code attempt}-th failure: 5 s doubling, at most 10 minutes. */
  static Duration backoff(int attempt) {
    Duration wait = FIRST_RETRY.multipliedBy(1L << Math.min(attempt - 1, 16));
    return wait.compareTo(MAX_RETRY) > 0 ? MAX_RETRY : wait;
  }

  /** Null when the receiver took it (2xx); otherwise why not. */
  private @org.jspecify.annotations.Nullable String send(Webhook hook, AlertStore.Delivery d) {
    long timestamp = clock.instant().getEpochSecond();
    try {
      HttpRequest request =
          HttpRequest.newBuilder(URI.create(hook.url()))
              .timeout(TIMEOUT)
              .header("Content-Type", "application/json")
              .header("User-Agent", "subgate-alerts")
              .header("X-Subgate-Event", d.kind())
              .header("X-Subgate-Delivery", Long.toString(d.id()))
              .header(AlertSignature.TIMESTAMP, Long.toString(timestamp))
              .header(
                  AlertSignature.HEADER, AlertSignature.sign(hook.secret(), timestamp, d.body()))
              .POST(HttpRequest.BodyPublishers.ofString(d.body()))
              .build();
      int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
      return status / 100 == 2 ? null : "the receiver answered " + status;
    } catch (IOException | IllegalArgumentException e) {
      return e.getClass().getSimpleName();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted";
    }
  }

  private String body(Webhook.Format format, Alert alert, String id) {
    Map<String, Object> out = new LinkedHashMap<>();
    if (format == Webhook.Format.SLACK) {
      out.put("text", (alert.firing() ? "[FIRING] " : "[RESOLVED] ") + alert.summary());
    } else {
      out.put("id", id);
      out.put("event", alert.kind());
      out.put("state", alert.firing() ? "firing" : "resolved");
      out.put("condition", alert.condition());
      out.put("summary", alert.summary());
      out.put("at", alert.at().toString());
    }
    try {
      return json.writeValueAsString(out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @PreDestroy
  void stop() {
    if (sender instanceof ExecutorService owned) {
      owned.shutdown();
    }
  }
}
