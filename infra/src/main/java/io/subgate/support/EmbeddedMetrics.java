package io.subgate.support;

import java.time.Instant;
import java.util.Map;

/**
 * CloudWatch Embedded Metric Format: one JSON log line that CloudWatch turns into metrics, so a
 * Lambda function publishes figures without an API call or an agent. Namespace {@code Subgate}.
 */
public final class EmbeddedMetrics {
  public static final String NAMESPACE = "Subgate";

  private EmbeddedMetrics() {}

  /**
   * The line for {@code values} (metric name → number) with {@code dimensions} (name → value; names
   * and values are plain identifiers, not escaped); a metric's unit is its entry in {@code units},
   * else {@code Count}.
   */
  public static String line(
      Instant at,
      Map<String, String> dimensions,
      Map<String, ? extends Number> values,
      Map<String, String> units) {
    StringBuilder metrics = new StringBuilder();
    StringBuilder fields = new StringBuilder();
    values.forEach(
        (name, value) -> {
          metrics
              .append(metrics.length() == 0 ? "" : ",")
              .append("{\"Name\":\"")
              .append(name)
              .append("\",\"Unit\":\"")
              .append(units.getOrDefault(name, "Count"))
              .append("\"}");
          fields.append(",\"").append(name).append("\":").append(value);
        });
    StringBuilder dims = new StringBuilder();
    dimensions.forEach(
        (name, value) -> {
          dims.append(dims.length() == 0 ? "" : ",").append('"').append(name).append('"');
          fields.append(",\"").append(name).append("\":\"").append(value).append('"');
        });
    return "{\"_aws\":{\"Timestamp\":"
        + at.toEpochMilli()
        + ",\"CloudWatchMetrics\":[{\"Namespace\":\""
        + NAMESPACE
        + "\",\"Dimensions\":[["
        + dims
        + "]],\"Metrics\":["
        + metrics
        + "]}]}"
        + fields
        + "}";
  }
}
