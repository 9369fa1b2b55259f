package io.subgate.gateway.usage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.subgate.tenancy.UsageRecord;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class UsageLineTest {
  @Test
  void aRecordSurvivesItsLine_escapesNullsAndNanosIncluded() {
    UsageRecord full =
        new UsageRecord(
            "req_\t1\\",
            7,
            8,
            9L,
            10,
            "claude\nsonnet\r\\t",
            12,
            34,
            200,
            true,
            55,
            6L,
            Instant.ofEpochSecond(1_796_294_602L, 123_456_789),
            40,
            41,
            "claude-sonnet-4-6",
            "anthropic",
            2,
            1,
            30,
            11,
            77_250_000_000L,
            "2026-12-03+o1a2b3c4d",
            new java.math.BigDecimal("1.2500"));
    UsageRecord sparse =
        new UsageRecord(
            "r2",
            1,
            2,
            null,
            3,
            "m",
            0,
            0,
            502,
            false,
            9,
            null,
            Instant.EPOCH,
            0,
            0,
            null,
            null,
            1,
            0);
    for (UsageRecord r : List.of(full, sparse)) {
      String line = UsageLine.of(r);
      assertEquals(1, line.chars().filter(c -> c == '\n').count(), "one line: " + line);
      assertEquals(r, UsageLine.parse(line.substring(0, line.length() - 1)));
    }
  }

  @Test
  void aLineWrittenBeforeCostWasRecorded_stillReads_asUnpriced() {
    String old =
        "u\tr-old\t1\t2\t3\t4\tm\t5\t6\t200\t0\t7\t\t1796294602\t5\t8\t9\tup\tgemini\t1\t0";

    UsageRecord r = java.util.Objects.requireNonNull(UsageLine.parse(old));

    assertEquals("r-old", r.requestId());
    assertEquals(8, r.cacheCreationTokens());
    assertNull(r.costPico());
    assertNull(r.priceVersion());
    assertEquals(0, r.cacheCreation1hTokens());
  }

  @Test
  void aCutLine_isNoRecord_andDoneMarksKeepTheirKeys() {
    UsageRecord r =
        new UsageRecord(
            "r",
            1,
            2,
            3L,
            4,
            "m",
            5,
            6,
            200,
            false,
            7,
            null,
            Instant.now(),
            0,
            0,
            null,
            null,
            1,
            0);
    String line = UsageLine.of(r);
    assertNull(UsageLine.parse(line.substring(0, line.length() / 2)));
    String done = UsageLine.done(List.of(UsageLine.key(r), "a\tb"));
    assertEquals(
        List.of(UsageLine.key(r), "a\tb"),
        UsageLine.doneKeys(done.substring(0, done.length() - 1)));
  }
}
