package io.subgate.bench;

import io.subgate.alert.AlertStore;
import io.subgate.alert.Webhook;
import java.time.Instant;
import java.util.List;

/** An alert store without webhooks, for benches that build the gateway's parts by hand. */
final class NoAlertStore implements AlertStore {

  @Override
  public Webhook createWebhook(String name, String url, Webhook.Format format, String secret) {
    throw new UnsupportedOperationException("benches have no webhooks");
  }

  @Override
  public List<Webhook> webhooks() {
    return List.of();
  }

  @Override
  public boolean deleteWebhook(long id) {
    return false;
  }

  @Override
  public boolean open(String condition, String kind, String summary, Instant since) {
    return false;
  }

  @Override
  public boolean close(String condition) {
    return false;
  }

  @Override
  public List<OpenCondition> openConditions() {
    return List.of();
  }

  @Override
  public void enqueue(long webhookId, String kind, String body, Instant now) {}

  @Override
  public List<Delivery> due(Instant now, int maxAttempts, int limit) {
    return List.of();
  }

  @Override
  public boolean claim(Delivery d, Instant leaseUntil) {
    return false;
  }

  @Override
  public void delivered(long id, Instant at) {}

  @Override
  public void retryAt(long id, Instant next, String error) {}

  @Override
  public List<DeliveryStatus> recent(int limit) {
    return List.of();
  }
}
