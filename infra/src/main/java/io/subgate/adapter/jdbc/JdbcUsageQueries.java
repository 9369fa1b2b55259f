package io.subgate.adapter.jdbc;

import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.transaction.annotation.Transactional;
import io.subgate.tenancy.UsageQueries;
import io.subgate.tenancy.UsageRecord;
import jakarta.inject.Singleton;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * {@link UsageQueries} in SQL that PostgreSQL and H2 (PostgreSQL mode) both run: buckets are {@code
 * DATE_TRUNC} of the UTC time, served by the indexes on {@code created_at}, {@code (account_id,
 * created_at)}, {@code (model, created_at)} and {@code (api_key_id, created_at)}.
 */
@Singleton
public class JdbcUsageQueries implements UsageQueries {
  private final JdbcOperations jdbc;

  public JdbcUsageQueries(JdbcOperations jdbc) {
    this.jdbc = jdbc;
  }

  private static String column(Dimension by) {
    switch (by) {
      case KEY:
        return "CAST(u.api_key_id AS VARCHAR(200))";
      case USER:
        return "CAST(u.user_id AS VARCHAR(200))";
      case GROUP:
        return "CAST(u.group_id AS VARCHAR(200))";
      case ACCOUNT:
        return "COALESCE(CAST(u.account_id AS VARCHAR(200)), 'none')";
      case MODEL:
        return "u.model";
      default:
        return "COALESCE(a.platform, 'none')";
    }
  }

  @Override
  @Transactional(readOnly = true)
  public List<Total> totals(
      Instant from, Instant to, Dimension by, Bucket bucket, @Nullable Long apiKeyId) {
    String truncated = "DATE_TRUNC('" + bucket.wireName() + "', u.created_at AT TIME ZONE 'UTC')";
    String value = column(by);
    String sql =
        "SELECT "
            + truncated
            + " AS bucket, "
            + value
            + " AS grp, COUNT(*) AS requests, SUM(u.input_tokens) AS input_tokens,"
            + " SUM(u.output_tokens) AS output_tokens,"
            + " SUM(CASE WHEN u.status_code >= 400 THEN 1 ELSE 0 END) AS errors,"
            + " SUM(u.cache_creation_tokens) AS cache_creation_tokens,"
            + " SUM(u.cache_read_tokens) AS cache_read_tokens, SUM(u.cost_usd) AS cost_usd,"
            + " SUM(u.cost_usd * u.rate_multiplier) AS charged_usd,"
            + " SUM(CASE WHEN u.cost_usd IS NULL AND u.input_tokens + u.output_tokens > 0"
            + " THEN 1 ELSE 0 END) AS unpriced"
            + " FROM usage_records u"
            + (by == Dimension.PLATFORM ? " LEFT JOIN accounts a ON a.id = u.account_id" : "")
            + " WHERE u.created_at >= ? AND u.created_at < ?"
            + (apiKeyId == null ? "" : " AND u.api_key_id = ?")
            + " GROUP BY "
            + truncated
            + ", "
            + value
            + " ORDER BY bucket, grp";
    return jdbc.prepareStatement(
        sql,
        statement -> {
          statement.setTimestamp(1, Timestamp.from(from));
          statement.setTimestamp(2, Timestamp.from(to));
          if (apiKeyId != null) {
            statement.setLong(3, apiKeyId);
          }
          List<Total> out = new ArrayList<>();
          try (ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
              out.add(
                  new Total(
                      rs.getObject("bucket", LocalDateTime.class).toInstant(ZoneOffset.UTC),
                      rs.getString("grp"),
                      rs.getLong("requests"),
                      rs.getLong("input_tokens"),
                      rs.getLong("output_tokens"),
                      rs.getLong("errors"),
                      rs.getLong("cache_creation_tokens"),
                      rs.getLong("cache_read_tokens"),
                      java.util.Objects.requireNonNullElse(
                          JdbcUsageRepository.costPico(rs.getBigDecimal("cost_usd")), 0L),
                      java.util.Objects.requireNonNullElse(
                          JdbcUsageRepository.costPico(rs.getBigDecimal("charged_usd")), 0L),
                      rs.getLong("unpriced")));
            }
          }
          return out;
        });
  }

  @Override
  @Transactional(readOnly = true)
  public Spend accountSpend(long accountId, Instant from, Instant to) {
    return jdbc.prepareStatement(
        "SELECT COUNT(*) AS requests, SUM(cost_usd) AS cost_usd,"
            + " SUM(CASE WHEN cost_usd IS NULL AND input_tokens + output_tokens > 0"
            + " THEN 1 ELSE 0 END) AS unpriced"
            + " FROM usage_records WHERE account_id = ? AND created_at >= ? AND created_at < ?",
        statement -> {
          statement.setLong(1, accountId);
          statement.setTimestamp(2, Timestamp.from(from));
          statement.setTimestamp(3, Timestamp.from(to));
          try (ResultSet rs = statement.executeQuery()) {
            rs.next();
            return new Spend(
                rs.getLong("requests"),
                java.util.Objects.requireNonNullElse(
                    JdbcUsageRepository.costPico(rs.getBigDecimal("cost_usd")), 0L),
                rs.getLong("unpriced"));
          }
        });
  }

  @Override
  @Transactional(readOnly = true)
  public List<Logged> log(Filter filter, long beforeId, int limit) {
    StringBuilder sql =
        new StringBuilder(
            "SELECT * FROM usage_records WHERE created_at >= ? AND created_at < ? AND id < ?");
    List<Object> args = new ArrayList<>(List.of(filter.from(), filter.to(), beforeId));
    add(sql, args, "api_key_id", filter.apiKeyId());
    add(sql, args, "account_id", filter.accountId());
    add(sql, args, "model", filter.model());
    add(sql, args, "status_code", filter.statusCode());
    sql.append(" ORDER BY id DESC LIMIT ?");
    args.add(limit);
    return jdbc.prepareStatement(
        sql.toString(),
        statement -> {
          bind(statement, args);
          List<Logged> out = new ArrayList<>();
          try (ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
              out.add(new Logged(rs.getLong("id"), record(rs)));
            }
          }
          return out;
        });
  }

  private static void add(StringBuilder sql, List<Object> args, String column, @Nullable Object v) {
    if (v != null) {
      sql.append(" AND ").append(column).append(" = ?");
      args.add(v);
    }
  }

  private static void bind(PreparedStatement statement, List<Object> args) throws SQLException {
    for (int i = 0; i < args.size(); i++) {
      Object v = args.get(i);
      if (v instanceof Instant at) {
        statement.setTimestamp(i + 1, Timestamp.from(at));
      } else {
        statement.setObject(i + 1, v);
      }
    }
  }

  private static UsageRecord record(ResultSet rs) throws SQLException {
    long account = rs.getLong("account_id");
    Long accountId = rs.wasNull() ? null : account;
    long first = rs.getLong("first_token_ms");
    Long firstTokenMs = rs.wasNull() ? null : first;
    return new UsageRecord(
        rs.getString("request_id"),
        rs.getLong("api_key_id"),
        rs.getLong("user_id"),
        accountId,
        rs.getLong("group_id"),
        rs.getString("model"),
        rs.getLong("input_tokens"),
        rs.getLong("output_tokens"),
        rs.getInt("status_code"),
        rs.getBoolean("stream"),
        rs.getLong("duration_ms"),
        firstTokenMs,
        rs.getTimestamp("created_at").toInstant(),
        rs.getLong("cache_creation_tokens"),
        rs.getLong("cache_read_tokens"),
        rs.getString("upstream_model"),
        rs.getString("client_protocol"),
        rs.getInt("attempt"),
        rs.getInt("account_switches"),
        rs.getLong("cache_creation_1h_tokens"),
        rs.getLong("reasoning_tokens"),
        JdbcUsageRepository.costPico(rs.getBigDecimal("cost_usd")),
        rs.getString("price_version"),
        rs.getBigDecimal("rate_multiplier"));
  }
}
