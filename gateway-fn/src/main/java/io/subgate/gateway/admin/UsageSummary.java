package io.subgate.gateway.admin;

import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * One line an operator reads from a subscription's usage answer: Claude's {@code five_hour} and
 * {@code seven_day} utilization, or Codex's primary and secondary windows (which one is 5 h and
 * which 7 d is told by the window length, not the position) and plan.
 */
final class UsageSummary {
  private UsageSummary() {}

  static String of(JsonMapper json, String body) {
    JsonNode root;
    try {
      root = json.readValue(body, JsonNode.class);
    } catch (IOException | RuntimeException e) {
      return "the usage read answered, but not with JSON";
    }
    if (root == null || !root.isObject()) {
      return "the usage read answered, but not with an object";
    }
    List<String> parts = new ArrayList<>();
    window(parts, "5-hour window", root.get("five_hour"), "utilization");
    window(parts, "7-day window", root.get("seven_day"), "utilization");
    JsonNode limits = root.get("rate_limit");
    if (limits != null && limits.isObject()) {
      for (String name : new String[] {"primary_window", "secondary_window"}) {
        JsonNode w = limits.get(name);
        JsonNode seconds = w == null ? null : w.get("limit_window_seconds");
        String label =
            seconds != null && seconds.isNumber()
                ? (seconds.getLongValue() / 60) + "-minute window"
                : name.replace('_', ' ');
        window(parts, label, w, "used_percent");
      }
    }
    JsonNode plan = root.get("plan_type");
    if (plan != null && plan.isString()) {
      parts.add("plan " + plan.getStringValue());
    }
    return parts.isEmpty() ? "the usage read answered" : String.join(", ", parts);
  }

  private static void window(
      List<String> parts, String label, @Nullable JsonNode window, String field) {
    JsonNode used = window == null ? null : window.get(field);
    if (used != null && used.isNumber()) {
      parts.add(String.format(Locale.ROOT, "%s %.0f%% used", label, used.getDoubleValue()));
    }
  }
}
