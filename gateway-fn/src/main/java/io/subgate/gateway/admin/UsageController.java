package io.subgate.gateway.admin;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.subgate.pricing.Usd;
import io.subgate.tenancy.AuditLog;
import io.subgate.tenancy.UsageQueries;
import io.subgate.tenancy.UsageQueries.Bucket;
import io.subgate.tenancy.UsageQueries.Dimension;
import io.subgate.tenancy.UsageRecord;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code /admin/usage}: totals (tokens, errors, cost in USD) by hour or day grouped by key, user,
 * group, account, model or platform; the request log newest first with a cursor; and {@code
 * /admin/audit}, the record of admin changes. Time ranges are RFC 3339, {@code to} exclusive, at
 * most 93 days; the default is the last 24 h.
 */
@Controller("/admin")
@ExecuteOn(TaskExecutors.BLOCKING)
public class UsageController {
  static final Duration MAX_RANGE = Duration.ofDays(93);

  private final UsageQueries usage;
  private final AuditLog audit;
  private final Clock clock;

  public UsageController(UsageQueries usage, AuditLog audit, Clock clock) {
    this.usage = usage;
    this.audit = audit;
    this.clock = clock;
  }

  @Get(value = "/usage", produces = MediaType.APPLICATION_JSON)
  public Map<String, Object> totals(
      @QueryValue @Nullable String from,
      @QueryValue @Nullable String to,
      @QueryValue(value = "group_by", defaultValue = "model") String groupBy,
      @QueryValue(defaultValue = "day") String bucket,
      @QueryValue(value = "api_key_id") @Nullable Long apiKeyId) {
    Instant[] range = range(from, to);
    Dimension by = choice("group_by", groupBy, Dimension.class);
    Bucket width = choice("bucket", bucket, Bucket.class);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("from", range[0]);
    out.put("to", range[1]);
    out.put("group_by", by.wireName());
    out.put("bucket", width.wireName());
    out.put(
        "totals",
        usage.totals(range[0], range[1], by, width, apiKeyId).stream()
            .map(UsageController::view)
            .toList());
    return out;
  }

  @Get(value = "/usage/requests", produces = MediaType.APPLICATION_JSON)
  public Map<String, Object> requests(
      @QueryValue @Nullable String from,
      @QueryValue @Nullable String to,
      @QueryValue(value = "api_key_id") @Nullable Long apiKeyId,
      @QueryValue(value = "account_id") @Nullable Long accountId,
      @QueryValue @Nullable String model,
      @QueryValue(value = "status") @Nullable Integer status,
      @QueryValue(value = "before_id", defaultValue = "9223372036854775807") long beforeId,
      @QueryValue(defaultValue = "100") int limit) {
    Instant[] range = range(from, to);
    List<UsageQueries.Logged> page =
        usage.log(
            new UsageQueries.Filter(range[0], range[1], apiKeyId, accountId, model, status),
            beforeId,
            AdminPages.limit(limit));
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("requests", page.stream().map(UsageController::view).toList());
    out.put("next_before_id", page.size() == limit ? page.get(page.size() - 1).id() : null);
    return out;
  }

  @Get(value = "/audit", produces = MediaType.APPLICATION_JSON)
  public Map<String, Object> audit(
      @QueryValue(value = "before_id", defaultValue = "9223372036854775807") long beforeId,
      @QueryValue(defaultValue = "100") int limit) {
    List<AuditLog.Entry> page = audit.recent(beforeId, AdminPages.limit(limit));
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("entries", page.stream().map(UsageController::view).toList());
    out.put("next_before_id", page.size() == limit ? page.get(page.size() - 1).id() : null);
    return out;
  }

  private static Map<String, Object> view(UsageQueries.Total t) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("bucket", t.bucket());
    m.put("value", t.value());
    m.put("requests", t.requests());
    m.put("input_tokens", t.inputTokens());
    m.put("output_tokens", t.outputTokens());
    m.put("errors", t.errors());
    m.put("cache_creation_tokens", t.cacheCreationTokens());
    m.put("cache_read_tokens", t.cacheReadTokens());
    m.put("cost_usd", Usd.dollars(t.costPico()));
    m.put("charged_usd", Usd.dollars(t.chargedPico()));
    m.put("unpriced_requests", t.unpriced());
    return m;
  }

  private static Map<String, Object> view(UsageQueries.Logged l) {
    UsageRecord r = l.record();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", l.id());
    m.put("request_id", r.requestId());
    m.put("api_key_id", r.apiKeyId());
    m.put("user_id", r.userId());
    m.put("account_id", r.accountId());
    m.put("group_id", r.groupId());
    m.put("model", r.model());
    m.put("input_tokens", r.inputTokens());
    m.put("output_tokens", r.outputTokens());
    m.put("status", r.statusCode());
    m.put("stream", r.stream());
    m.put("duration_ms", r.durationMs());
    m.put("first_token_ms", r.firstTokenMs());
    m.put("created_at", r.createdAt());
    m.put("cache_creation_tokens", r.cacheCreationTokens());
    m.put("cache_read_tokens", r.cacheReadTokens());
    m.put("upstream_model", r.upstreamModel());
    m.put("client_protocol", r.clientProtocol());
    m.put("attempt", r.attempt());
    m.put("account_switches", r.accountSwitches());
    m.put("cache_creation_1h_tokens", r.cacheCreation1hTokens());
    m.put("reasoning_tokens", r.reasoningTokens());
    Long pico = r.costPico();
    m.put("cost_usd", pico == null ? null : Usd.dollars(pico));
    m.put("price_version", r.priceVersion());
    m.put("rate_multiplier", r.rateMultiplier());
    Long charged = r.chargedPico();
    m.put("charged_usd", charged == null ? null : Usd.dollars(charged));
    return m;
  }

  private static Map<String, Object> view(AuditLog.Entry e) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", e.id());
    m.put("actor", e.actor());
    m.put("action", e.action());
    m.put("target", e.target());
    m.put("before", e.before());
    m.put("after", e.after());
    m.put("at", e.at());
    return m;
  }

  private Instant[] range(@Nullable String from, @Nullable String to) {
    Instant end = to == null ? clock.instant() : instant("to", to);
    Instant start = from == null ? end.minus(Duration.ofDays(1)) : instant("from", from);
    if (!start.isBefore(end)) {
      throw new InvalidFieldException("from", "must be before to");
    }
    if (Duration.between(start, end).compareTo(MAX_RANGE) > 0) {
      throw new InvalidFieldException("from", "the range is at most 93 days");
    }
    return new Instant[] {start, end};
  }

  private static Instant instant(String field, String raw) {
    try {
      return Instant.parse(raw);
    } catch (DateTimeParseException e) {
      throw new InvalidFieldException(field, "must be an RFC 3339 timestamp");
    }
  }

  private static <E extends Enum<E>> E choice(String field, String raw, Class<E> type) {
    try {
      return Enum.valueOf(type, raw.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      StringBuilder names = new StringBuilder();
      for (E v : type.getEnumConstants()) {
        names.append(names.length() == 0 ? "" : ", ").append(v.name().toLowerCase(Locale.ROOT));
      }
      throw new InvalidFieldException(field, "must be one of " + names);
    }
  }
}
