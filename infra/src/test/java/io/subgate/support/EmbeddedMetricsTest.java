package io.subgate.support;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EmbeddedMetricsTest {

  @Test
  void aLine_isTheEmbeddedMetricFormatCloudWatchReads() throws Exception {
    Map<String, Number> values = new LinkedHashMap<>();
    values.put("Requests", 1);
    values.put("LatencyMs", 42);

    String line =
        EmbeddedMetrics.line(
            Instant.ofEpochMilli(1_700_000_000_123L),
            Map.of("StatusClass", "2xx"),
            values,
            Map.of("LatencyMs", "Milliseconds"));

    JsonNode root = JsonMapper.createDefault().readValue(line, JsonNode.class);
    JsonNode directive = root.get("_aws").get("CloudWatchMetrics").get(0);
    assertEquals(1_700_000_000_123L, root.get("_aws").get("Timestamp").getLongValue());
    assertEquals("Subgate", directive.get("Namespace").getStringValue());
    assertEquals("StatusClass", directive.get("Dimensions").get(0).get(0).getStringValue());
    assertEquals("Count", directive.get("Metrics").get(0).get("Unit").getStringValue());
    assertEquals("Milliseconds", directive.get("Metrics").get(1).get("Unit").getStringValue());
    assertEquals(42, root.get("LatencyMs").getIntValue());
    assertEquals("2xx", root.get("StatusClass").getStringValue());
  }
}
