package io.subgate.alert;

import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What alerts keep: the operator's webhooks, the conditions currently open (one row each, so a
 * condition is told once across every process), and the outbox of deliveries with their retries.
 *
 * <p>Contract: {@link #open} is true for exactly one caller until the condition is {@link #close}d,
 * and {@link #close} true for exactly one caller; a delivery is {@link #claim}ed by one caller per
 * attempt; webhook names are unique ({@link io.subgate.account.DuplicateNameException}); secrets
 * are stored encrypted and returned decrypted. Thread-safe.
 */
public interface AlertStore {

  Webhook createWebhook(String name, String url, Webhook.Format format, String secret);

  List<Webhook> webhooks();

  /** False when there was no such webhook; its queued deliveries are dropped with it. */
  boolean deleteWebhook(long id);

  /** Opens {@code condition}; true when it was not open (this caller tells it). */
  boolean open(String condition, String kind, String summary, Instant since);

  /** Closes {@code condition}; true when it was open (this caller tells its recovery). */
  boolean close(String condition);

  /** Conditions open now, oldest first. */
  List<OpenCondition> openConditions();

  /** Queues {@code body} for {@code webhookId}, due at once. */
  void enqueue(long webhookId, String kind, String body, Instant now);

  /** Deliveries due at {@code now} with attempts left, oldest first. */
  List<Delivery> due(Instant now, int maxAttempts, int limit);

  /**
   * Takes {@code d} for one attempt: counts it and moves its next attempt to {@code leaseUntil} (so
   * a caller that dies leaves it for later); false when another caller took it first.
   */
  boolean claim(Delivery d, Instant leaseUntil);

  void delivered(long id, Instant at);

  void retryAt(long id, Instant next, String error);

  /** The latest deliveries, newest first, for the operator. */
  List<DeliveryStatus> recent(int limit);

  /** A condition open since {@code since}. */
  record OpenCondition(String condition, String kind, String summary, Instant since) {}

  /** A queued delivery. */
  record Delivery(
      long id, long webhookId, String kind, String body, int attempts, Instant nextAttemptAt) {}

  /** A delivery as the operator sees it. */
  record DeliveryStatus(
      long id,
      long webhookId,
      String kind,
      int attempts,
      Instant createdAt,
      @Nullable Instant deliveredAt,
      @Nullable String lastError) {}
}
