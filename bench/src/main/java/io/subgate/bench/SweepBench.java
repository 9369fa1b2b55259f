package io.subgate.bench;

import io.subgate.account.AccountRepository;
import io.subgate.account.AccountType;
import io.subgate.account.NewAccount;
import io.subgate.account.OAuthCredentials;
import io.subgate.account.Platform;
import io.subgate.refresh.RefreshSweep;
import io.subgate.refresh.SweepReport;
import io.subgate.testing.StubTokenServer;
import io.subgate.testing.TestDatabase;
import io.subgate.testing.TestServices;
import java.time.Instant;
import java.util.Map;

/**
 * One refresher sweep over many due accounts against the stub token endpoint on loopback, with
 * PostgreSQL and Redis. Prints wall time and refreshes per second.
 *
 * <p>Arguments: {@code accounts providerDelayMs concurrency} (defaults 10000 50 64).
 */
public final class SweepBench {
  private SweepBench() {}

  public static void main(String[] args) {
    int accounts = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
    int delayMs = args.length > 1 ? Integer.parseInt(args[1]) : 50;
    int concurrency = args.length > 2 ? Integer.parseInt(args[2]) : 64;
    try (StubTokenServer stub = StubTokenServer.start(256);
        TestDatabase db =
            TestDatabase.postgres(
                Map.of(
                    "subgate.platforms.anthropic.token-url", stub.tokenUrl(),
                    "redis.uri", TestServices.REDIS_URI,
                    "subgate.redis.namespace", TestServices.freshRedisNamespace(),
                    "subgate.refresher.concurrency", Integer.toString(concurrency),
                    "subgate.refresher.platform-rate", "100000",
                    "subgate.refresher.cycle-timeout", "10m",
                    "datasources.default.maximum-pool-size", Integer.toString(concurrency + 4)))) {
      stub.delay(delayMs);
      AccountRepository repository = db.bean(AccountRepository.class);
      long setup = System.nanoTime();
      Instant soon = Instant.now().plusSeconds(120);
      for (int i = 0; i < accounts; i++) {
        String rt = "rt-sweep-" + i;
        stub.allow(rt);
        repository.create(
            new NewAccount(
                "sweep-" + i,
                Platform.ANTHROPIC,
                AccountType.OAUTH,
                1,
                1,
                new OAuthCredentials("at-" + i, rt, soon, null, null, null)));
      }
      System.out.printf(
          "sweep: %d due accounts created in %.1fs; provider delay %dms; concurrency %d%n",
          accounts, (System.nanoTime() - setup) / 1e9, delayMs, concurrency);

      long start = System.nanoTime();
      SweepReport report = db.bean(RefreshSweep.class).run();
      double seconds = (System.nanoTime() - start) / 1e9;
      System.out.printf(
          "sweep: wall %.1fs, refreshed %d, provider calls %d, %.0f refreshes/s, complete=%s%n",
          seconds,
          report.refreshed(),
          stub.calls(),
          report.refreshed() / seconds,
          report.complete());
      System.out.println("sweep: report " + report);
    }
  }
}
