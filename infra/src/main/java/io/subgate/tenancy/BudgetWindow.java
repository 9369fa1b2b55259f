package io.subgate.tenancy;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The spans a USD budget covers, all in UTC: the rolling last five hours (counted in hour steps:
 * the current hour and the four before it), the day, the week from Monday, the calendar month.
 */
public enum BudgetWindow {
  FIVE_HOURS("5h"),
  DAY("day"),
  WEEK("week"),
  MONTH("month");

  private final String wireName;

  BudgetWindow(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }

  public static BudgetWindow fromWire(String name) {
    for (BudgetWindow w : values()) {
      if (w.wireName.equals(name.toLowerCase(Locale.ROOT))) {
        return w;
      }
    }
    throw new IllegalArgumentException("no budget window " + name);
  }

  /**
   * The ids of the buckets whose sum is the window's spend at {@code now}, the current one first
   * (where a request's spend is counted).
   */
  public List<String> buckets(Instant now) {
    long second = now.getEpochSecond();
    switch (this) {
      case FIVE_HOURS:
        long hour = Math.floorDiv(second, 3_600);
        List<String> hours = new ArrayList<>(5);
        for (int i = 0; i < 5; i++) {
          hours.add("h" + (hour - i));
        }
        return hours;
      case DAY:
        return List.of("d" + Math.floorDiv(second, 86_400));
      case WEEK:
        return List.of("w" + monday(now).toEpochDay());
      default:
        LocalDate day = LocalDate.ofInstant(now, ZoneOffset.UTC);
        return List.of("m" + (day.getYear() * 100 + day.getMonthValue()));
    }
  }

  /**
   * When spend counted at {@code now} stops counting: the start of the next hour for the rolling
   * five hours (the oldest hour leaves the window then), otherwise the window's end.
   */
  public Instant resetsAt(Instant now) {
    switch (this) {
      case FIVE_HOURS:
        return now.truncatedTo(ChronoUnit.HOURS).plus(Duration.ofHours(1));
      case DAY:
        return now.truncatedTo(ChronoUnit.DAYS).plus(Duration.ofDays(1));
      case WEEK:
        return monday(now).plusWeeks(1).atStartOfDay(ZoneOffset.UTC).toInstant();
      default:
        return LocalDate.ofInstant(now, ZoneOffset.UTC)
            .with(TemporalAdjusters.firstDayOfNextMonth())
            .atStartOfDay(ZoneOffset.UTC)
            .toInstant();
    }
  }

  /** How long a bucket's counter must outlive its last write. */
  public Duration keep() {
    switch (this) {
      case FIVE_HOURS:
        return Duration.ofHours(6);
      case DAY:
        return Duration.ofDays(2);
      case WEEK:
        return Duration.ofDays(8);
      default:
        return Duration.ofDays(32);
    }
  }

  /** How the window reads in a refusal ("per day (UTC)"). */
  public String phrase() {
    switch (this) {
      case FIVE_HOURS:
        return "per 5 hours";
      case DAY:
        return "per day (UTC)";
      case WEEK:
        return "per week (UTC, from Monday)";
      default:
        return "per month (UTC)";
    }
  }

  private static LocalDate monday(Instant now) {
    return LocalDate.ofInstant(now, ZoneOffset.UTC)
        .with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
  }
}
