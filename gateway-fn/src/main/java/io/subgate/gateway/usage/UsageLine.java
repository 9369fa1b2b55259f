package io.subgate.gateway.usage;

import io.subgate.tenancy.UsageRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A usage record as one journal line: {@code u}, then its fields separated by tabs (tab, newline,
 * carriage return and backslash escaped with a backslash; an absent value empty; the time as epoch
 * seconds and nanoseconds). Written by hand because the journal writes one per request: a JSON
 * serializer and an ISO timestamp per record were the largest share of the usage path's CPU.
 */
public final class UsageLine {
  static final char RECORD = 'u';
  static final char DONE = 'd';
  private static final int FIELDS = 25;
  // Lines written before cost was recorded end after the account switches; before rate
  // multipliers, after the price version.
  private static final int FIELDS_BEFORE_COST = 20;
  private static final int FIELDS_BEFORE_RATES = 24;

  private UsageLine() {}

  public static String of(UsageRecord r) {
    StringBuilder out = new StringBuilder(160).append(RECORD);
    field(out, r.requestId());
    field(out, r.apiKeyId());
    field(out, r.userId());
    field(out, r.accountId());
    field(out, r.groupId());
    field(out, r.model());
    field(out, r.inputTokens());
    field(out, r.outputTokens());
    field(out, r.statusCode());
    field(out, r.stream() ? 1 : 0);
    field(out, r.durationMs());
    field(out, r.firstTokenMs());
    field(out, r.createdAt().getEpochSecond());
    field(out, r.createdAt().getNano());
    field(out, r.cacheCreationTokens());
    field(out, r.cacheReadTokens());
    field(out, r.upstreamModel());
    field(out, r.clientProtocol());
    field(out, r.attempt());
    field(out, r.accountSwitches());
    field(out, r.cacheCreation1hTokens());
    field(out, r.reasoningTokens());
    field(out, r.costPico());
    field(out, r.priceVersion());
    field(out, r.rateMultiplier().toPlainString());
    return out.append('\n').toString();
  }

  /**
   * The record on {@code line} (without its newline); null when the line is not one (cut, or
   * other).
   */
  public static @Nullable UsageRecord parse(String line) {
    List<String> f = fields(line, RECORD);
    if (f.size() != FIELDS && f.size() != FIELDS_BEFORE_RATES && f.size() != FIELDS_BEFORE_COST) {
      return null;
    }
    boolean costed = f.size() >= FIELDS_BEFORE_RATES;
    try {
      return new UsageRecord(
          f.get(0),
          Long.parseLong(f.get(1)),
          Long.parseLong(f.get(2)),
          optionalLong(f.get(3)),
          Long.parseLong(f.get(4)),
          f.get(5),
          Long.parseLong(f.get(6)),
          Long.parseLong(f.get(7)),
          Integer.parseInt(f.get(8)),
          f.get(9).equals("1"),
          Long.parseLong(f.get(10)),
          optionalLong(f.get(11)),
          Instant.ofEpochSecond(Long.parseLong(f.get(12)), Long.parseLong(f.get(13))),
          Long.parseLong(f.get(14)),
          Long.parseLong(f.get(15)),
          f.get(16).isEmpty() ? null : f.get(16),
          f.get(17).isEmpty() ? null : f.get(17),
          Integer.parseInt(f.get(18)),
          Integer.parseInt(f.get(19)),
          costed ? Long.parseLong(f.get(20)) : 0,
          costed ? Long.parseLong(f.get(21)) : 0,
          costed ? optionalLong(f.get(22)) : null,
          costed && !f.get(23).isEmpty() ? f.get(23) : null,
          f.size() == FIELDS ? new java.math.BigDecimal(f.get(24)) : java.math.BigDecimal.ONE);
    } catch (RuntimeException e) {
      return null;
    }
  }

  /** A mark that the records with {@code keys} are done. */
  public static String done(List<String> keys) {
    StringBuilder out = new StringBuilder(keys.size() * 64).append(DONE);
    keys.forEach(k -> field(out, k));
    return out.append('\n').toString();
  }

  /** The keys of a done mark; empty when the line is not one. */
  public static List<String> doneKeys(String line) {
    return fields(line, DONE);
  }

  /** A record's identity: one request's attempts differ in account, time or status. */
  public static String key(UsageRecord r) {
    return r.requestId()
        + "|"
        + r.accountId()
        + "|"
        + r.createdAt().getEpochSecond()
        + "."
        + r.createdAt().getNano()
        + "|"
        + r.statusCode();
  }

  private static void field(StringBuilder out, long value) {
    out.append('\t').append(value);
  }

  private static void field(StringBuilder out, @Nullable Long value) {
    out.append('\t');
    if (value != null) {
      out.append(value.longValue());
    }
  }

  private static void field(StringBuilder out, @Nullable String value) {
    out.append('\t');
    if (value == null) {
      return;
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '\t' -> out.append("\\t");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\\' -> out.append("\\\\");
        default -> out.append(c);
      }
    }
  }

  private static List<String> fields(String line, char kind) {
    List<String> out = new ArrayList<>(FIELDS);
    if (line.length() < 2 || line.charAt(0) != kind || line.charAt(1) != '\t') {
      return out;
    }
    StringBuilder f = new StringBuilder();
    for (int i = 2; i < line.length(); i++) {
      char c = line.charAt(i);
      if (c == '\t') {
        out.add(f.toString());
        f.setLength(0);
      } else if (c == '\\' && i + 1 < line.length()) {
        char e = line.charAt(++i);
        f.append(e == 't' ? '\t' : e == 'n' ? '\n' : e == 'r' ? '\r' : e);
      } else {
        f.append(c);
      }
    }
    out.add(f.toString());
    return out;
  }

  private static @Nullable Long optionalLong(String s) {
    return s.isEmpty() ? null : Long.parseLong(s);
  }
}
