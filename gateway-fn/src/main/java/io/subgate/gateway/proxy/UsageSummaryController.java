package io.subgate.gateway.proxy;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.json.JsonMapper;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
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

/**
 * {@code GET /v1/usage}: a client key's own usage — today (UTC) and the last 30 days, by model —
 * with nothing of other keys. Answers from the database, never on the request path's budget.
 */
@Controller
public class UsageSummaryController {
  private final ClientAuth clients;
  private final UsageQueries usage;
  private final JsonMapper json;
  private final Clock clock;

  public UsageSummaryController(
      ClientAuth clients, UsageQueries usage, JsonMapper json, Clock clock) {
    this.clients = clients;
    this.usage = usage;
    this.json = json;
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
    Instant today = now.truncatedTo(ChronoUnit.DAYS);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("api_key_id", principal.apiKeyId());
    body.put("today", summary(today, now, principal.apiKeyId()));
    body.put("last_30_days", summary(now.minus(Duration.ofDays(30)), now, principal.apiKeyId()));
    try {
      return HttpResponse.ok(json.writeValueAsBytes(body))
          .contentType(MediaType.APPLICATION_JSON_TYPE);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private Map<String, Object> summary(Instant from, Instant to, long apiKeyId) {
    if (!from.isBefore(to)) {
      from = to.minusMillis(1);
    }
    List<UsageQueries.Total> byModel =
        usage.totals(from, to, UsageQueries.Dimension.MODEL, UsageQueries.Bucket.DAY, apiKeyId);
    Map<String, long[]> models = new LinkedHashMap<>();
    for (UsageQueries.Total t : byModel) {
      long[] sum = models.computeIfAbsent(t.value(), m -> new long[3]);
      sum[0] += t.requests();
      sum[1] += t.inputTokens();
      sum[2] += t.outputTokens();
    }
    long[] all = new long[3];
    Map<String, Object> perModel = new LinkedHashMap<>();
    models.forEach(
        (model, sum) -> {
          perModel.put(
              model, Map.of("requests", sum[0], "input_tokens", sum[1], "output_tokens", sum[2]));
          for (int i = 0; i < 3; i++) {
            all[i] += sum[i];
          }
        });
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("requests", all[0]);
    out.put("input_tokens", all[1]);
    out.put("output_tokens", all[2]);
    out.put("models", perModel);
    return out;
  }
}
