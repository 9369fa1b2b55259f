package io.subgate.adapter.jdbc;

import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.transaction.annotation.Transactional;
import io.subgate.tenancy.UsageRecord;
import io.subgate.tenancy.UsageRepository;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.StringReader;
import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;
import org.postgresql.core.BaseConnection;

/** {@link UsageRepository} on micronaut-data-jdbc. */
@Singleton
public class JdbcUsageRepository implements UsageRepository {
  static final int REQUEST_ID_COLUMN = 64;
  static final int MODEL_COLUMN = 200;

  static final String COPY =
      "COPY usage_records (request_id, api_key_id, user_id, account_id, group_id, model,"
          + " input_tokens, output_tokens, status_code, stream, duration_ms, first_token_ms,"
          + " created_at, cache_creation_tokens, cache_read_tokens, upstream_model,"
          + " client_protocol, attempt, account_switches, cache_creation_1h_tokens,"
          + " reasoning_tokens, cost_usd, price_version, rate_multiplier)"
          + " FROM STDIN WITH (FORMAT csv)";
  static final String INSERT =
      "INSERT INTO usage_records (request_id, api_key_id, user_id, account_id, group_id, model,"
          + " input_tokens, output_tokens, status_code, stream, duration_ms, first_token_ms,"
          + " created_at, cache_creation_tokens, cache_read_tokens, upstream_model,"
          + " client_protocol, attempt, account_switches, cache_creation_1h_tokens,"
          + " reasoning_tokens, cost_usd, price_version, rate_multiplier)"
          + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

  private final UsageRowRepository rows;
  private final JdbcOperations jdbc;

  public JdbcUsageRepository(UsageRowRepository rows, JdbcOperations jdbc) {
    this.rows = rows;
    this.jdbc = jdbc;
  }

  @Override
  public void append(UsageRecord r) {
    rows.save(row(r));
  }

  /**
   * One transaction per batch of records, sent with PostgreSQL's {@code COPY} (one stream of text,
   * no per-row bind), elsewhere as one JDBC batch. Why by hand: Micronaut Data's per-row mapping
   * ({@code saveAll}) cost a fifth of the gateway's CPU under load.
   */
  @Override
  @Transactional
  public void appendAll(List<UsageRecord> records) {
    if (records.isEmpty()) {
      return;
    }
    jdbc.execute(
        connection -> {
          touchKeys(connection, records);
          if (connection.isWrapperFor(PGConnection.class)) {
            String csv = UsageCsv.of(records, REQUEST_ID_COLUMN, MODEL_COLUMN);
            try {
              return new CopyManager(connection.unwrap(BaseConnection.class))
                  .copyIn(COPY, new StringReader(csv));
            } catch (IOException e) {
              throw new SQLException("COPY of usage records failed", e);
            }
          }
          try (PreparedStatement statement = connection.prepareStatement(INSERT)) {
            for (UsageRecord r : records) {
              bind(statement, r);
              statement.addBatch();
            }
            return (long) statement.executeBatch().length;
          }
        });
  }

  /** Each key's last use, moved forward only, in the batch's transaction. */
  private static void touchKeys(java.sql.Connection connection, List<UsageRecord> records)
      throws SQLException {
    java.util.Map<Long, java.time.Instant> last = new java.util.HashMap<>();
    for (UsageRecord r : records) {
      last.merge(r.apiKeyId(), r.createdAt(), (a, b) -> a.isAfter(b) ? a : b);
    }
    try (PreparedStatement touch =
        connection.prepareStatement(
            "UPDATE api_keys SET last_used_at = ? WHERE id = ?"
                + " AND (last_used_at IS NULL OR last_used_at < ?)")) {
      for (java.util.Map.Entry<Long, java.time.Instant> e : last.entrySet()) {
        Timestamp at = Timestamp.from(e.getValue());
        touch.setTimestamp(1, at);
        touch.setLong(2, e.getKey());
        touch.setTimestamp(3, at);
        touch.addBatch();
      }
      touch.executeBatch();
    }
  }

  private static void bind(PreparedStatement statement, UsageRecord r) throws SQLException {
    statement.setString(1, fit(r.requestId(), REQUEST_ID_COLUMN));
    statement.setLong(2, r.apiKeyId());
    statement.setLong(3, r.userId());
    statement.setObject(4, r.accountId(), Types.BIGINT);
    statement.setLong(5, r.groupId());
    statement.setString(6, fit(r.model(), MODEL_COLUMN));
    statement.setLong(7, r.inputTokens());
    statement.setLong(8, r.outputTokens());
    statement.setInt(9, r.statusCode());
    statement.setBoolean(10, r.stream());
    statement.setLong(11, r.durationMs());
    statement.setObject(12, r.firstTokenMs(), Types.BIGINT);
    statement.setTimestamp(13, Timestamp.from(r.createdAt()));
    statement.setLong(14, r.cacheCreationTokens());
    statement.setLong(15, r.cacheReadTokens());
    String upstreamModel = r.upstreamModel();
    statement.setString(16, upstreamModel == null ? null : fit(upstreamModel, MODEL_COLUMN));
    statement.setString(17, r.clientProtocol());
    statement.setInt(18, r.attempt());
    statement.setInt(19, r.accountSwitches());
    statement.setLong(20, r.cacheCreation1hTokens());
    statement.setLong(21, r.reasoningTokens());
    statement.setBigDecimal(22, costUsd(r));
    statement.setString(23, r.priceVersion());
    statement.setBigDecimal(24, r.rateMultiplier());
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
        r.createdAt(),
        r.cacheCreationTokens(),
        r.cacheReadTokens(),
        r.upstreamModel() == null ? null : fit(String.valueOf(r.upstreamModel()), MODEL_COLUMN),
        r.clientProtocol(),
        r.attempt(),
        r.accountSwitches(),
        r.cacheCreation1hTokens(),
        r.reasoningTokens(),
        costUsd(r),
        r.priceVersion(),
        r.rateMultiplier());
  }

  /** The record's cost in dollars as the {@code cost_usd} column holds it (12 decimals). */
  static @Nullable BigDecimal costUsd(UsageRecord r) {
    Long pico = r.costPico();
    return pico == null ? null : BigDecimal.valueOf(pico, 12);
  }

  /** The pico-dollars of a {@code cost_usd} value. */
  static @Nullable Long costPico(@Nullable BigDecimal usd) {
    return usd == null
        ? null
        : usd.setScale(12, java.math.RoundingMode.HALF_UP).unscaledValue().longValueExact();
  }

  /**
   * {@code value} without control characters (PostgreSQL refuses U+0000 in text, and the others
   * have no place in a model name or an id), cut to its column.
   */
  static String fit(String value, int column) {
    String clean = value;
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      // Character.isISOControl, spelled out: the usage path runs this per character of every row.
      if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) {
        StringBuilder b = new StringBuilder(value.length());
        value.chars().filter(ch -> !Character.isISOControl(ch)).forEach(ch -> b.append((char) ch));
        clean = b.toString();
        break;
      }
    }
    return clean.length() <= column ? clean : clean.substring(0, column);
  }

  @Override
  @Transactional
  public int purgeBefore(java.time.Instant cutoff, int limit) {
    return JdbcPurge.before(jdbc, "usage_records", cutoff, limit);
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
                    r.createdAt(),
                    r.cacheCreationTokens(),
                    r.cacheReadTokens(),
                    r.upstreamModel(),
                    r.clientProtocol(),
                    r.attempt(),
                    r.accountSwitches(),
                    r.cacheCreation1hTokens(),
                    r.reasoningTokens(),
                    costPico(r.costUsd()),
                    r.priceVersion(),
                    r.rateMultiplier() == null ? BigDecimal.ONE : r.rateMultiplier()))
        .toList();
  }
}
