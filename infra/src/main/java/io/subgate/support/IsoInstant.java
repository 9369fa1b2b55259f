package io.subgate.support;

import java.time.Instant;

/**
 * An {@link Instant} written as ISO-8601 in UTC, exactly as {@link Instant#toString()} writes it
 * for years 0000–9999 (seconds always, the fraction in groups of three digits, trailing groups of
 * zeros dropped), without the formatter machinery {@code toString} runs per call: the usage path
 * writes one per record.
 */
public final class IsoInstant {
  private IsoInstant() {}

  public static StringBuilder append(StringBuilder out, Instant instant) {
    long seconds = instant.getEpochSecond();
    long day = Math.floorDiv(seconds, 86_400L);
    int secondOfDay = (int) Math.floorMod(seconds, 86_400L);
    // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
    long z = day + 719_468;
    long era = Math.floorDiv(z, 146_097);
    long dayOfEra = z - era * 146_097;
    long yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365;
    long year = yearOfEra + era * 400;
    long dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
    long mp = (5 * dayOfYear + 2) / 153;
    int dayOfMonth = (int) (dayOfYear - (153 * mp + 2) / 5 + 1);
    int month = (int) (mp < 10 ? mp + 3 : mp - 9);
    if (month <= 2) {
      year++;
    }
    if (year < 0 || year > 9999) {
      return out.append(instant); // outside what the usage path meets: the JDK's own text
    }
    pad(out, (int) year, 4).append('-');
    pad(out, month, 2).append('-');
    pad(out, dayOfMonth, 2).append('T');
    pad(out, secondOfDay / 3600, 2).append(':');
    pad(out, secondOfDay / 60 % 60, 2).append(':');
    pad(out, secondOfDay % 60, 2);
    int nanos = instant.getNano();
    if (nanos > 0) {
      out.append('.');
      if (nanos % 1_000_000 == 0) {
        pad(out, nanos / 1_000_000, 3);
      } else if (nanos % 1000 == 0) {
        pad(out, nanos / 1000, 6);
      } else {
        pad(out, nanos, 9);
      }
    }
    return out.append('Z');
  }

  private static StringBuilder pad(StringBuilder out, int value, int width) {
    for (int limit = 1, i = 1; i < width; i++) {
      limit *= 10;
      if (value < limit) {
        out.append('0');
      }
    }
    return out.append(value);
  }
}
