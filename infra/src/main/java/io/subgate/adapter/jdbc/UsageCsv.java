package io.subgate.adapter.jdbc;

import io.subgate.support.IsoInstant;
import io.subgate.tenancy.UsageRecord;
import java.util.List;

/**
 * Usage records as the CSV that PostgreSQL's {@code COPY … FROM STDIN WITH (FORMAT csv)} reads:
 * strings always quoted (a quote doubled), an empty unquoted field for null, times in ISO-8601 UTC.
 */
final class UsageCsv {
  private UsageCsv() {}

  static String of(List<UsageRecord> records, int requestIdColumn, int modelColumn) {
    StringBuilder out = new StringBuilder(records.size() * 160);
    for (UsageRecord r : records) {
      quoted(out, JdbcUsageRepository.fit(r.requestId(), requestIdColumn)).append(',');
      out.append(r.apiKeyId()).append(',').append(r.userId()).append(',');
      if (r.accountId() != null) {
        out.append(r.accountId());
      }
      out.append(',').append(r.groupId()).append(',');
      quoted(out, JdbcUsageRepository.fit(r.model(), modelColumn)).append(',');
      out.append(r.inputTokens()).append(',').append(r.outputTokens()).append(',');
      out.append(r.statusCode()).append(',').append(r.stream()).append(',');
      out.append(r.durationMs()).append(',');
      if (r.firstTokenMs() != null) {
        out.append(r.firstTokenMs());
      }
      out.append(',');
      IsoInstant.append(out, r.createdAt()).append(',');
      out.append(r.cacheCreationTokens()).append(',').append(r.cacheReadTokens()).append(',');
      String upstreamModel = r.upstreamModel();
      if (upstreamModel != null) {
        quoted(out, JdbcUsageRepository.fit(upstreamModel, modelColumn));
      }
      out.append(',');
      String protocol = r.clientProtocol();
      if (protocol != null) {
        quoted(out, protocol);
      }
      out.append(',').append(r.attempt()).append(',').append(r.accountSwitches()).append(',');
      out.append(r.cacheCreation1hTokens()).append(',').append(r.reasoningTokens()).append(',');
      java.math.BigDecimal cost = JdbcUsageRepository.costUsd(r);
      if (cost != null) {
        out.append(cost.toPlainString());
      }
      out.append(',');
      String version = r.priceVersion();
      if (version != null) {
        quoted(out, version);
      }
      out.append(',').append(r.rateMultiplier().toPlainString()).append('\n');
    }
    return out.toString();
  }

  private static StringBuilder quoted(StringBuilder out, String value) {
    out.append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '"') {
        out.append('"');
      }
      out.append(c);
    }
    return out.append('"');
  }
}
