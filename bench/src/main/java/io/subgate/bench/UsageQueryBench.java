package io.subgate.bench;

import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.transaction.TransactionOperations;
import io.subgate.tenancy.UsageQueries;
import io.subgate.tenancy.UsageQueries.Bucket;
import io.subgate.tenancy.UsageQueries.Dimension;
import io.subgate.testing.TestDatabase;
import java.sql.Connection;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The admin usage queries over a day of usage records on PostgreSQL (a schema of its own, dropped
 * at the end): seeds the rows server-side, then times each query the admin API runs (median of 5)
 * and prints it. Target: under 1 s each for 1 000 000 records.
 *
 * <p>Arguments: {@code records} (default 1000000).
 */
public final class UsageQueryBench {
  private UsageQueryBench() {}

  public static void main(String[] args) {
    int records = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
    Instant day = Instant.parse("2026-11-01T00:00:00Z");
    try (TestDatabase db = TestDatabase.postgres(Map.of())) {
      long seed = System.nanoTime();
      JdbcOperations jdbc = db.bean(JdbcOperations.class);
      TransactionOperations<Connection> tx = db.bean(TransactionOperations.class);
      tx.executeWrite(
          status ->
              jdbc.prepareStatement(
                  "INSERT INTO usage_records (request_id, api_key_id, user_id, account_id,"
                      + " group_id, model, input_tokens, output_tokens, status_code, stream,"
                      + " duration_ms, first_token_ms, created_at)"
                      + " SELECT 'req_' || g, 1 + g % 200, 1 + g % 50, 1 + g % 40, 1 + g % 5,"
                      + " 'model-' || (g % 8), 100 + g % 900, 10 + g % 400,"
                      + " CASE WHEN g % 50 = 0 THEN 429 ELSE 200 END, g % 2 = 0, 800, 200,"
                      + " TIMESTAMP WITH TIME ZONE '2026-11-01 00:00:00+00'"
                      + " + (g * 86400.0 / ?) * INTERVAL '1 second'"
                      + " FROM generate_series(1, ?) AS g",
                  statement -> {
                    statement.setInt(1, records);
                    statement.setInt(2, records);
                    return statement.executeUpdate();
                  }));
      tx.executeWrite(status -> jdbc.prepareStatement("ANALYZE usage_records", s -> s.execute()));
      System.out.printf(
          "usage-queries: %d records over one day seeded in %.1f s%n",
          records, (System.nanoTime() - seed) / 1e9);

      UsageQueries q = db.bean(UsageQueries.class);
      Instant end = day.plusSeconds(86_400);
      time(
          "totals by model, day buckets",
          () -> q.totals(day, end, Dimension.MODEL, Bucket.DAY, null).size());
      time(
          "totals by key, hour buckets",
          () -> q.totals(day, end, Dimension.KEY, Bucket.HOUR, null).size());
      time(
          "totals by account, hour buckets",
          () -> q.totals(day, end, Dimension.ACCOUNT, Bucket.HOUR, null).size());
      time(
          "totals by user, day buckets",
          () -> q.totals(day, end, Dimension.USER, Bucket.DAY, null).size());
      time(
          "totals by platform, day (join)",
          () -> q.totals(day, end, Dimension.PLATFORM, Bucket.DAY, null).size());
      time(
          "one key's totals by model (GET /v1/usage)",
          () -> q.totals(day, end, Dimension.MODEL, Bucket.DAY, 7L).size());
      time(
          "request log, one key, first page of 100",
          () ->
              q.log(new UsageQueries.Filter(day, end, 7L, null, null, null), Long.MAX_VALUE, 100)
                  .size());
      time(
          "request log, one model and status, first page of 100",
          () ->
              q.log(
                      new UsageQueries.Filter(day, end, null, null, "model-2", 429),
                      Long.MAX_VALUE,
                      100)
                  .size());
    }
  }

  private static void time(String what, Supplier<Integer> query) {
    long[] ms = new long[5];
    int rows = 0;
    for (int i = 0; i < ms.length; i++) {
      long start = System.nanoTime();
      rows = query.get();
      ms[i] = (System.nanoTime() - start) / 1_000_000;
    }
    Arrays.sort(ms);
    System.out.printf(
        "usage-queries: %-52s median %5d ms (max %5d ms), %d rows%n", what, ms[2], ms[4], rows);
  }
}
