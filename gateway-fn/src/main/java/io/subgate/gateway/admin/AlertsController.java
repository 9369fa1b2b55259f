package io.subgate.gateway.admin;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.json.JsonMapper;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;
import io.subgate.account.UnknownEntityException;
import io.subgate.alert.Alert;
import io.subgate.alert.AlertDispatcher;
import io.subgate.alert.AlertStore;
import io.subgate.alert.AlertWatch;
import io.subgate.alert.Webhook;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code /admin/alerts}: the operator's webhooks (a generic JSON body or Slack's shape, each signed
 * with its secret — shown once, when created), the conditions open now and the latest deliveries; a
 * test notice to one webhook; and an evaluation of the pool now (the refresher does one after every
 * sweep).
 */
@Controller("/admin/alerts")
@ExecuteOn(TaskExecutors.BLOCKING)
public class AlertsController {
  private static final SecureRandom RANDOM = new SecureRandom();

  private final AlertStore store;
  private final AlertDispatcher dispatcher;
  private final AlertWatch watch;
  private final AdminAudit audit;
  private final JsonMapper json;
  private final Clock clock;

  public AlertsController(
      AlertStore store,
      AlertDispatcher dispatcher,
      AlertWatch watch,
      AdminAudit audit,
      JsonMapper json,
      Clock clock) {
    this.store = store;
    this.dispatcher = dispatcher;
    this.watch = watch;
    this.audit = audit;
    this.json = json;
    this.clock = clock;
  }

  /**
   * A webhook as shown.
   *
   * @param secret only in the answer that created it
   */
  @Serdeable(naming = SnakeCaseStrategy.class)
  public record WebhookView(
      long id, String name, String url, String format, Instant createdAt, @Nullable String secret) {
    static WebhookView of(Webhook w, boolean withSecret) {
      return new WebhookView(
          w.id(),
          w.name(),
          w.url(),
          w.format().wireName(),
          w.createdAt(),
          withSecret ? w.secret() : null);
    }
  }

  /** Body {@code {name, url, format?: generic|slack, secret?}}; a secret is made when absent. */
  @Post(value = "/webhooks", consumes = MediaType.ALL, produces = MediaType.APPLICATION_JSON)
  public HttpResponse<WebhookView> create(@Body @Nullable String body) {
    JsonFields f = JsonFields.parse(json, body);
    String name = f.requiredString("name", 200);
    String url = f.requiredString("url", 2_000);
    String scheme = schemeOf(url);
    if (!scheme.equals("https") && !scheme.equals("http")) {
      throw f.invalid("url", "must be an http(s) URL");
    }
    Webhook.Format format =
        f.has("format")
            ? f.requiredChoice("format", Webhook.Format::fromWire)
            : Webhook.Format.GENERIC;
    String secret = f.optionalString("secret", 200);
    if (secret == null || secret.isBlank()) {
      byte[] random = new byte[32];
      RANDOM.nextBytes(random);
      secret = HexFormat.of().formatHex(random);
    }
    Webhook created = store.createWebhook(name, url, format, secret);
    WebhookView shown = WebhookView.of(created, false);
    audit.record("alert_webhook.create", "alert_webhook:" + created.id(), null, shown);
    return HttpResponse.created(WebhookView.of(created, true));
  }

  @Get(value = "/webhooks", produces = MediaType.APPLICATION_JSON)
  public Map<String, Object> webhooks() {
    return Map.of(
        "webhooks", store.webhooks().stream().map(w -> WebhookView.of(w, false)).toList());
  }

  @Delete(value = "/webhooks/{id}")
  public HttpResponse<Void> delete(@PathVariable long id) {
    Webhook before = existing(id);
    store.deleteWebhook(id);
    audit.record(
        "alert_webhook.delete", "alert_webhook:" + id, WebhookView.of(before, false), null);
    return HttpResponse.noContent();
  }

  /** Queues a {@code test} notice to this webhook alone; 202, sent off this request. */
  @Post(
      value = "/webhooks/{id}/test",
      consumes = MediaType.ALL,
      produces = MediaType.APPLICATION_JSON)
  public HttpResponse<Map<String, Object>> test(@PathVariable long id) {
    Webhook hook = existing(id);
    dispatcher.raise(
        new Alert("test", "test", true, "a test notice from Subgate", clock.instant()),
        List.of(hook));
    return HttpResponse.accepted().body(Map.of("queued", true));
  }

  /** The conditions open now and the latest 50 deliveries. */
  @Get(produces = MediaType.APPLICATION_JSON)
  public Map<String, Object> status() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put(
        "open",
        store.openConditions().stream()
            .map(
                c -> {
                  Map<String, Object> m = new LinkedHashMap<>();
                  m.put("condition", c.condition());
                  m.put("kind", c.kind());
                  m.put("summary", c.summary());
                  m.put("since", c.since());
                  return m;
                })
            .toList());
    out.put(
        "deliveries",
        store.recent(50).stream()
            .map(
                d -> {
                  Map<String, Object> m = new LinkedHashMap<>();
                  m.put("id", d.id());
                  m.put("webhook_id", d.webhookId());
                  m.put("kind", d.kind());
                  m.put("attempts", d.attempts());
                  m.put("created_at", d.createdAt());
                  m.put("delivered_at", d.deliveredAt());
                  m.put("last_error", d.lastError());
                  return m;
                })
            .toList());
    return out;
  }

  /** Looks at the pool now and sends what is due: what the refresher does after each sweep. */
  @Post(value = "/evaluate", consumes = MediaType.ALL, produces = MediaType.APPLICATION_JSON)
  public Map<String, Object> evaluate() {
    watch.evaluate();
    int sent = dispatcher.deliverDue();
    return Map.of("open", store.openConditions().size(), "sent", sent);
  }

  private Webhook existing(long id) {
    return store.webhooks().stream()
        .filter(w -> w.id() == id)
        .findFirst()
        .orElseThrow(() -> new UnknownEntityException("webhook", id));
  }

  private static String schemeOf(String url) {
    try {
      String scheme = URI.create(url).getScheme();
      return scheme == null ? "" : scheme.toLowerCase(Locale.ROOT);
    } catch (IllegalArgumentException e) {
      return "";
    }
  }
}
