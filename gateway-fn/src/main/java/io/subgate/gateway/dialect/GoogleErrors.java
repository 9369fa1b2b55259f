package io.subgate.gateway.dialect;

import io.micronaut.json.tree.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Reads Google's RPC error ({@code {"error":{"code","message","status","details":[…]}}},
 * upstream-dialects §3.6, §4.8): when to come back ({@code RetryInfo.retryDelay}, {@code
 * quotaResetDelay}, "Please retry in Xs"; a daily quota resets at midnight Pacific time), whether a
 * quota is the model's own ({@code ErrorInfo.metadata.model}, a {@code QuotaFailure} violation with
 * a model dimension or a per-model quota id), and whether a 403 says the account's project lost
 * access.
 */
final class GoogleErrors {
  private static final ZoneId QUOTA_DAY = ZoneId.of("America/Los_Angeles");
  private static final Pattern GO_DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|h|m|s)");
  private static final Pattern RETRY_IN = Pattern.compile("(?i)retry in (\\d+(?:\\.\\d+)?)(ms|s)");
  private static final Pattern PROJECT_WORDS =
      Pattern.compile(
          "(?i)project|SERVICE_DISABLED|CONSUMER_INVALID|USER_PROJECT_DENIED|not been used in");

  private final @Nullable JsonNode error;

  GoogleErrors(@Nullable JsonNode root) {
    JsonNode e = root == null || !root.isObject() ? null : root.get("error");
    this.error = e != null && e.isObject() ? e : null;
  }

  /** Google's status name ({@code RESOURCE_EXHAUSTED}), empty when the body is no Google error. */
  String status() {
    return text(error, "status");
  }

  String message() {
    return text(error, "message");
  }

  /** Whether the quota that ran out is the requested model's own. */
  boolean perModel() {
    for (JsonNode detail : details()) {
      JsonNode metadata = detail.get("metadata");
      if (metadata != null && metadata.get("model") != null) {
        return true;
      }
      JsonNode violations = detail.get("violations");
      if (violations != null && violations.isArray()) {
        for (JsonNode v : violations.values()) {
          JsonNode dims = v.get("quotaDimensions");
          if ((dims != null && dims.get("model") != null)
              || text(v, "quotaId").toLowerCase(Locale.ROOT).contains("permodel")) {
            return true;
          }
        }
      }
    }
    return false;
  }

  /**
   * Whether the model is out of capacity for everyone ({@code ErrorInfo.reason}
   * MODEL_CAPACITY_EXHAUSTED, or "No capacity available for model"): a shared pool, so waiting
   * helps and another account does not.
   */
  boolean capacityExhausted() {
    for (JsonNode detail : details()) {
      if (text(detail, "reason").equals("MODEL_CAPACITY_EXHAUSTED")) {
        return true;
      }
    }
    return message().toLowerCase(Locale.ROOT).contains("capacity");
  }

  /** Whether a quota is used up (rather than a rate briefly exceeded): never retried in place. */
  boolean quotaExhausted() {
    String message = message().toLowerCase(Locale.ROOT);
    for (JsonNode detail : details()) {
      if (text(detail, "reason").toLowerCase(Locale.ROOT).contains("quota_exhausted")) {
        return true;
      }
    }
    return message.contains("quota exhausted") || message.contains("quota_exhausted") || daily();
  }

  /** Google's own {@code RetryInfo.retryDelay}, null when it gave none. */
  @Nullable Duration retryDelay() {
    Duration best = null;
    for (JsonNode detail : details()) {
      best = longer(best, goDuration(text(detail, "retryDelay")));
    }
    return best;
  }

  /** Whether a daily quota ran out (its reset is the next Pacific midnight). */
  boolean daily() {
    for (JsonNode detail : details()) {
      JsonNode violations = detail.get("violations");
      if (violations != null && violations.isArray()) {
        for (JsonNode v : violations.values()) {
          String id = (text(v, "quotaId") + text(v, "quotaMetric")).toLowerCase(Locale.ROOT);
          if (id.contains("perday") || id.contains("per_day")) {
            return true;
          }
        }
      }
    }
    String message = message().toLowerCase(Locale.ROOT);
    return message.contains("per day") || message.contains("daily");
  }

  /** When to come back: the longest of the hints given, the next quota day for a daily quota. */
  @Nullable Duration resetAfter(Instant now) {
    Duration best = null;
    for (JsonNode detail : details()) {
      best = longer(best, goDuration(text(detail, "retryDelay")));
      JsonNode metadata = detail.get("metadata");
      if (metadata != null) {
        best = longer(best, goDuration(text(metadata, "quotaResetDelay")));
      }
    }
    Matcher in = RETRY_IN.matcher(message());
    if (in.find()) {
      best = longer(best, goDuration(in.group(1) + in.group(2)));
    }
    if (best == null && daily()) {
      LocalDate tomorrow = now.atZone(QUOTA_DAY).toLocalDate().plusDays(1);
      best = Duration.between(now, tomorrow.atStartOfDay(QUOTA_DAY).toInstant());
    }
    return best;
  }

  /** Whether a 403 says the account's project cannot be used (disabled, denied, not onboarded). */
  boolean projectRefused() {
    if (!status().equals("PERMISSION_DENIED")) {
      return false;
    }
    if (PROJECT_WORDS.matcher(message()).find()) {
      return true;
    }
    for (JsonNode detail : details()) {
      if (PROJECT_WORDS.matcher(text(detail, "reason")).find()) {
        return true;
      }
    }
    return false;
  }

  private Iterable<JsonNode> details() {
    JsonNode details = error == null ? null : error.get("details");
    return details != null && details.isArray() ? details.values() : java.util.List.of();
  }

  /** A Go/protobuf duration ({@code "30s"}, {@code "1.5s"}, {@code "1h2m3s"}, {@code "500ms"}). */
  static @Nullable Duration goDuration(String text) {
    if (text.isBlank()) {
      return null;
    }
    Matcher m = GO_DURATION.matcher(text);
    long millis = 0;
    boolean any = false;
    while (m.find()) {
      double n = Double.parseDouble(m.group(1));
      switch (m.group(2)) {
        case "h":
          millis += (long) (n * 3_600_000);
          break;
        case "m":
          millis += (long) (n * 60_000);
          break;
        case "ms":
          millis += (long) n;
          break;
        default:
          millis += (long) (n * 1000);
      }
      any = true;
    }
    return any ? Duration.ofMillis(millis) : null;
  }

  private static @Nullable Duration longer(@Nullable Duration a, @Nullable Duration b) {
    if (a == null) {
      return b;
    }
    return b == null || a.compareTo(b) >= 0 ? a : b;
  }

  private static String text(@Nullable JsonNode node, String field) {
    JsonNode v = node == null ? null : node.get(field);
    return v != null && v.isString() ? v.getStringValue() : "";
  }
}
