package io.subgate.support;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class IsoInstantTest {
  private static String iso(Instant i) {
    return IsoInstant.append(new StringBuilder(), i).toString();
  }

  @Test
  void writesWhatInstantToStringWrites() {
    for (String s :
        new String[] {
          "1970-01-01T00:00:00Z",
          "2026-12-03T10:51:20Z",
          "2024-02-29T23:59:59.999Z",
          "2000-03-01T00:00:00.000001Z",
          "1969-12-31T23:59:59.123456789Z",
          "0001-01-01T00:00:00Z",
          "9999-12-31T23:59:59.5Z"
        }) {
      Instant i = Instant.parse(s);
      assertEquals(i.toString(), iso(i), s);
    }
    SplittableRandom random = new SplittableRandom(7);
    for (int n = 0; n < 200_000; n++) {
      Instant i =
          Instant.ofEpochSecond(
              random.nextLong(-62_135_596_800L, 253_402_300_799L), random.nextInt(1_000_000_000));
      assertEquals(i.toString(), iso(i));
    }
    Instant far = Instant.parse("+12026-01-01T00:00:00Z");
    assertEquals(far.toString(), iso(far), "outside 0000–9999: the JDK's own text");
  }
}
