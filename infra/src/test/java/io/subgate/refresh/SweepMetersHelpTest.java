package io.subgate.refresh;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.subgate.support.MeterHelp;
import io.subgate.token.TokenMetrics;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The sweep's and the token lifecycle's meters all carry help text from the one catalog. */
class SweepMetersHelpTest {
  @Test
  void everySweepAndTokenMeter_hasHelpText() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    registry.config().meterFilter(new MeterHelp());
    SweepTally tally = new SweepTally(registry);
    for (SweepTally.Result result : SweepTally.Result.values()) {
      tally.count(result);
    }
    new TokenMetrics(registry);

    List<String> without =
        registry.getMeters().stream()
            .map(Meter::getId)
            .filter(id -> id.getDescription() == null || id.getDescription().isBlank())
            .map(Meter.Id::getName)
            .collect(Collectors.toList());

    assertEquals(List.of(), without, "meters without help text");
    assertEquals(
        SweepTally.Result.values().length + 12, registry.getMeters().size(), "meters registered");
  }
}
