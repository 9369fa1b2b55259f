package io.subgate.adapter.jdbc;

import io.micronaut.transaction.annotation.Transactional;
import io.subgate.tenancy.UsageRecord;
import io.subgate.tenancy.UsageRepository;
import jakarta.inject.Singleton;
import java.util.List;

/** {@link UsageRepository} on micronaut-data-jdbc. */
@Singleton
public class JdbcUsageRepository implements UsageRepository {
  static final int REQUEST_ID_COLUMN = 64;
  static final int MODEL_COLUMN = 200;

  private final UsageRowRepository rows;

  public JdbcUsageRepository(UsageRowRepository rows) {
    this.rows = rows;
  }

  @Override
  public void append(UsageRecord r) {
    rows.save(row(r));
  }

  /** One transaction per batch: in autocommit every row of the batch would be its own commit. */
  @Override
  @Transactional
  public void appendAll(List<UsageRecord> records) {
    if (!records.isEmpty()) {
      rows.saveAll(records.stream().map(JdbcUsageRepository::row).toList());
    }
  }

  /** The row of {@code r}, its strings cut to their columns so one long value fails no batch. */
  private static UsageRow row(UsageRecord r) {
    return new UsageRow(
        null,
        fit(r.requestId(), REQUEST_ID_COLUMN),
        r.apiKeyId(),
        r.userId(),
        r.accountId(),
        r.groupId(),
        fit(r.model(), MODEL_COLUMN),
        r.inputTokens(),
        r.outputTokens(),
        r.statusCode(),
        r.stream(),
        r.durationMs(),
        r.firstTokenMs(),
        r.createdAt());
  }

  private static String fit(String value, int column) {
    return value.length() <= column ? value : value.substring(0, column);
  }

  @Override
  public List<UsageRecord> recentForKey(long apiKeyId, int limit) {
    return rows.recentForKey(apiKeyId, limit).stream()
        .map(
            r ->
                new UsageRecord(
                    r.requestId(),
                    r.apiKeyId(),
                    r.userId(),
                    r.accountId(),
                    r.groupId(),
                    r.model(),
                    r.inputTokens(),
                    r.outputTokens(),
                    r.statusCode(),
                    r.stream(),
                    r.durationMs(),
                    r.firstTokenMs(),
                    r.createdAt()))
        .toList();
  }
}
