package io.subgate.gateway.client;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.json.JsonMapper;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.subgate.gateway.admission.BudgetStatus;
import io.subgate.gateway.protocol.ClientProtocol;
import io.subgate.gateway.protocol.GatewayException;
import io.subgate.pricing.Usd;
import io.subgate.routing.RequestGate;
import io.subgate.tenancy.Budgets;
import io.subgate.tenancy.Owner;
import io.subgate.tenancy.Principal;
import io.subgate.tenancy.UsageQueries;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code GET /v1/usage}: a client key's own usage — today (UTC) and the last 30 days, by model, in
 * tokens and USD — and where the budgets it is held to (its own, its user's, its group's) stand,
 * with nothing of other keys. One aggregate query (per day and model over 30 days, today read from
 * its rows), and its answer kept per key for {@link #FRESH}: a client polling in a loop costs the
 * database one query per key every 30 seconds, whatever its rate.
 */
@Controller
public class UsageSummaryController {
  static final Duration FRESH = Duration.ofSeconds(30);
  static final int MAX_KEYS = 10_000;

  private record Answer(Map<String, Object> body, Instant at) {}

  private final ClientAuth clients;
  private final UsageQueries usage;
  private final JsonMapper json;
  private final RequestGate gate;
  private final Clock clock;
  private final Map<Long, Answer> answers = new ConcurrentHashMap<>();

  public UsageSummaryController(
      ClientAuth clients, UsageQueries usage, JsonMapper json, RequestGate gate, Clock clock) {
    this.clients = clients;
    this.usage = usage;
    this.json = json;
    this.gate = gate;
    this.clock = clock;
  }

  @Get(uri = "/v1/usage", produces = MediaType.APPLICATION_JSON)
  @ExecuteOn(TaskExecutors.BLOCKING)
  public MutableHttpResponse<byte[]> usage(HttpRequest<?> request) {
    Principal principal;
    try {
      principal = clients.require(ClientProtocol.ANTHROPIC, request);
    } catch (GatewayException e) {
      return clients.error(ClientProtocol.ANTHROPIC, e);
    }
    Instant now = clock.instant();
    Answer answer = answers.get(principal.apiKeyId());
    if (answer == null || !now.isBefore(answer.at().plus(FRESH))) {
      answer = new Answer(summary(principal.apiKeyId(), now), now);
      if (answers.size() >= MAX_KEYS) {
        answers.values().removeIf(a -> !now.isBefore(a.at().plus(FRESH)));
        if (answers.size() >= MAX_KEYS) {
          answers.clear();
        }
      }
      answers.put(principal.apiKeyId(), answer);
    }
    Map<String, Object> body = new LinkedHashMap<>(answer.body());
    body.put("budgets", budgets(principal, now));
    byte[] bytes;
    try {
      bytes = json.writeValueAsBytes(body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return HttpResponse.ok(bytes)
        .contentType(MediaType.APPLICATION_JSON_TYPE)
        .header("Cache-Control", "private, max-age=" + FRESH.toSeconds());
  }

  /** Where the budgets this key is held to stand now (one Redis round trip, never cached). */
  private Map<String, Object> budgets(Principal principal, Instant now) {
    Map<String, Object> out = new LinkedHashMap<>();
    Map<Owner, Budgets> owners = new LinkedHashMap<>();
    owners.put(Owner.key(principal.apiKeyId()), principal.keyBudgets());
    owners.put(Owner.user(principal.userId()), principal.userLimits().budgets());
    owners.put(Owner.group(principal.groupId()), principal.groupLimits().budgets());
    owners.forEach(
        (owner, set) -> {
          if (!set.isEmpty()) {
            out.put(owner.kind().wireName(), BudgetStatus.of(gate, owner, set, now));
          }
        });
    return out;
  }

  private Map<String, Object> summary(long apiKeyId, Instant now) {
    Instant today = now.truncatedTo(ChronoUnit.DAYS);
    List<UsageQueries.Total> rows =
        usage.totals(
            now.minus(Duration.ofDays(30)),
            now,
            UsageQueries.Dimension.MODEL,
            UsageQueries.Bucket.DAY,
            apiKeyId);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("api_key_id", apiKeyId);
    body.put("today", sum(rows.stream().filter(t -> !t.bucket().isBefore(today)).toList()));
    body.put("last_30_days", sum(rows));
    return body;
  }

  private static Map<String, Object> sum(List<UsageQueries.Total> byModel) {
    Map<String, long[]> models = new LinkedHashMap<>();
    long[] all = new long[5];
    for (UsageQueries.Total t : byModel) {
      long[] sum = models.computeIfAbsent(t.value(), m -> new long[5]);
      long[] figures = {
        t.requests(), t.inputTokens(), t.outputTokens(), t.costPico(), t.chargedPico()
      };
      for (int i = 0; i < figures.length; i++) {
        sum[i] += figures[i];
        all[i] += figures[i];
      }
    }
    Map<String, Object> perModel = new LinkedHashMap<>();
    models.forEach((model, sum) -> perModel.put(model, figures(sum)));
    Map<String, Object> out = figures(all);
    out.put("models", perModel);
    return out;
  }

  private static Map<String, Object> figures(long[] sum) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("requests", sum[0]);
    out.put("input_tokens", sum[1]);
    out.put("output_tokens", sum[2]);
    out.put("cost_usd", Usd.dollars(sum[3]));
    out.put("charged_usd", Usd.dollars(sum[4]));
    return out;
  }
}
