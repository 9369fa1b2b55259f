package io.subgate.gateway.usage;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micronaut.json.JsonMapper;
import io.subgate.config.RuntimeSettings;
import io.subgate.tenancy.UsageRecord;
import io.subgate.tenancy.UsageRepository;
import io.subgate.testing.InMemoryAccountRepository;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/**
 * Usage is never lost: a batch the database refuses is retried row by row, rows that still fail are
 * spooled to a local file, and the next start replays the spool. The repository is a fake of our
 * own port that fails on demand; the spool is a real file.
 */
class UsageWriterTest {
  private static final JsonMapper JSON = JsonMapper.createDefault();

  /** A usage store that refuses batches, some rows, or everything, as a test says. */
  private static final class FlakyUsage extends FlakyUsageBase {}

  private static class FlakyUsageBase implements UsageRepository {
    final List<UsageRecord> stored = java.util.Collections.synchronizedList(new ArrayList<>());
    final Set<String> badRows = ConcurrentHashMap.newKeySet();
    volatile boolean down;

    @Override
    public void append(UsageRecord r) {
      if (down || badRows.contains(r.requestId())) {
        throw new IllegalStateException("database refused " + r.requestId());
      }
      stored.add(r);
    }

    @Override
    public void appendAll(List<UsageRecord> records) {
      if (down || records.stream().anyMatch(r -> badRows.contains(r.requestId()))) {
        throw new IllegalStateException("batch refused");
      }
      stored.addAll(records);
    }

    @Override
    public List<UsageRecord> recentForKey(long apiKeyId, int limit) {
      if (down) {
        throw new IllegalStateException("database down");
      }
      return List.of();
    }

    @Override
    public int purgeBefore(java.time.Instant cutoff, int limit) {
      return 0;
    }
  }

  private static UsageRecord record(String id) {
    return new UsageRecord(id, 1, 1, 7L, 1, "m", 1, 2, 200, false, 5, null, Instant.now());
  }

  private static UsageWriter writer(FlakyUsageBase usage, Path dir, SimpleMeterRegistry metrics) {
    return writer(usage, dir, metrics, Duration.ofMillis(20));
  }

  private static UsageWriter writer(
      FlakyUsageBase usage, Path dir, SimpleMeterRegistry metrics, Duration linger) {
    return new UsageWriter(
        usage,
        new InMemoryAccountRepository(Clock.systemUTC()),
        new UsageSpool(new RuntimeSettings(io.subgate.config.Mode.LOCAL, dir), JSON),
        new UsageJournal(new RuntimeSettings(io.subgate.config.Mode.LOCAL, dir), JSON),
        metrics,
        false,
        false,
        linger);
  }

  private static double rows(SimpleMeterRegistry metrics, String outcome) {
    return metrics.counter("subgate.usage.rows", "outcome", outcome).count();
  }

  /** Counts inserts: how many batches the records arrived in. */
  private static final class CountingUsage extends FlakyUsageBase {
    final java.util.concurrent.atomic.AtomicInteger batches =
        new java.util.concurrent.atomic.AtomicInteger();

    @Override
    public void appendAll(List<UsageRecord> records) {
      batches.incrementAndGet();
      super.appendAll(records);
    }
  }

  @Test
  void recordsWrittenWithinTheLinger_areOneInsert() throws Exception {
    CountingUsage usage = new CountingUsage();
    UsageWriter writer =
        writer(
            usage,
            Files.createTempDirectory("usage-spool"),
            new SimpleMeterRegistry(),
            Duration.ofMillis(500));
    for (int i = 0; i < 120; i++) {
      writer.write(record("r" + i));
    }
    await().atMost(Duration.ofSeconds(5)).until(() -> usage.stored.size() == 120);
    writer.drain();
    assertEquals(1, usage.batches.get(), "one insert for the burst");
  }

  @Test
  void drain_endsTheLinger_andStoresWhatWasGathering() throws Exception {
    FlakyUsage usage = new FlakyUsage();
    Path dir = Files.createTempDirectory("usage-spool");
    UsageWriter writer = writer(usage, dir, new SimpleMeterRegistry(), Duration.ofMinutes(5));
    writer.write(record("lingering"));
    // The worker has taken the record and lingers for more (five minutes).
    await().atMost(Duration.ofSeconds(5)).until(() -> writer.queued() == 0);
    writer.drain();
    assertEquals(
        List.of("lingering"),
        usage.stored.stream().map(UsageRecord::requestId).toList(),
        "stored by the worker when the drain ended its linger");
  }

  @Test
  void aRefusedBatch_isRetriedRowByRow_andOnlyTheBadRowIsSpooled_thenReplayedAtStart()
      throws Exception {
    Path dir = Files.createTempDirectory("usage-spool");
    FlakyUsage usage = new FlakyUsage();
    usage.badRows.add("bad");
    SimpleMeterRegistry metrics = new SimpleMeterRegistry();
    UsageWriter first = writer(usage, dir, metrics);
    for (String id : List.of("a", "bad", "c")) {
      first.write(record(id));
    }
    await().atMost(Duration.ofSeconds(5)).until(() -> usage.stored.size() == 2);
    first.drain();
    assertEquals(2.0, rows(metrics, "written"));
    assertEquals(3.0, rows(metrics, "retried"));
    assertEquals(1.0, rows(metrics, "spooled"));
    assertTrue(Files.readString(dir.resolve("usage-spool.jsonl")).contains("\"bad\""));

    usage.badRows.clear();
    UsageWriter second = writer(usage, dir, new SimpleMeterRegistry());
    await().atMost(Duration.ofSeconds(5)).until(() -> usage.stored.size() == 3);
    second.drain();
    assertEquals(
        Set.of("a", "bad", "c"),
        Set.copyOf(usage.stored.stream().map(UsageRecord::requestId).toList()),
        "0 rows lost");
    assertTrue(!Files.exists(dir.resolve("usage-spool.jsonl")), "the spool is emptied by replay");
  }

  @Test
  void aRowRefusedOnEveryReplay_isDeadLettered_whileAnOutageAgesNoRow() throws Exception {
    Path dir = Files.createTempDirectory("usage-spool");
    FlakyUsage usage = new FlakyUsage();
    usage.badRows.add("poison");
    UsageWriter first = writer(usage, dir, new SimpleMeterRegistry());
    first.write(record("poison"));
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> Files.exists(dir.resolve("usage-spool.jsonl")));
    first.drain();

    usage.down = true;
    for (int start = 0; start < 3; start++) {
      writer(usage, dir, new SimpleMeterRegistry()).drain();
    }
    assertTrue(
        Files.readString(dir.resolve("usage-spool.jsonl")).startsWith("{\"tries\":0,"),
        "starts while the database was down count no try");

    usage.down = false;
    SimpleMeterRegistry last = new SimpleMeterRegistry();
    for (int start = 1; start <= UsageSpool.MAX_TRIES; start++) {
      last = new SimpleMeterRegistry();
      writer(usage, dir, last).drain();
    }
    assertEquals(1.0, rows(last, "dead_lettered"));
    assertTrue(!Files.exists(dir.resolve("usage-spool.jsonl")), "no longer replayed");
    assertTrue(Files.readString(dir.resolve("usage-dead-letters.jsonl")).contains("\"poison\""));
    assertEquals(List.of(), usage.stored, "never stored, never lost");
  }

  @Test
  void aFullSpool_countsRecordsLost_insteadOfFillingTheDisk() throws Exception {
    Path dir = Files.createTempDirectory("usage-spool");
    UsageSpool small =
        new UsageSpool(new RuntimeSettings(io.subgate.config.Mode.LOCAL, dir), JSON, 600);
    assertTrue(small.append(List.of(new UsageSpool.Spooled(record("one"), 0))));
    assertTrue(!small.append(List.of(new UsageSpool.Spooled(record("two"), 0))), "past 600 bytes");
    assertEquals(1, small.takeAll().size());
  }

  @Test
  void aSpoolOfTheEarlierFormat_isStillReplayed() throws Exception {
    Path dir = Files.createTempDirectory("usage-spool");
    Files.writeString(
        dir.resolve("usage-spool.jsonl"), JSON.writeValueAsString(record("old")) + "\n");
    FlakyUsage usage = new FlakyUsage();
    UsageWriter w = writer(usage, dir, new SimpleMeterRegistry());
    await().atMost(Duration.ofSeconds(5)).until(() -> usage.stored.size() == 1);
    w.drain();
    assertEquals("old", usage.stored.get(0).requestId());
  }

  @Test
  void aDatabaseThatIsDownForABatch_losesNothing() throws Exception {
    Path dir = Files.createTempDirectory("usage-spool");
    FlakyUsage usage = new FlakyUsage();
    usage.down = true;
    SimpleMeterRegistry metrics = new SimpleMeterRegistry();
    UsageWriter w = writer(usage, dir, metrics);
    for (int i = 0; i < 5; i++) {
      w.write(record("r" + i));
    }
    await().atMost(Duration.ofSeconds(5)).until(() -> rows(metrics, "spooled") == 5.0);
    w.drain();
    usage.down = false;
    UsageWriter next = writer(usage, dir, new SimpleMeterRegistry());
    await().atMost(Duration.ofSeconds(5)).until(() -> usage.stored.size() == 5);
    next.drain();
    assertEquals(0.0, rows(metrics, "lost"));
  }

  /** A database that takes the first batch and then hangs: the process dies with records queued. */
  private static final class HangsAfterFirstBatch extends FlakyUsageBase {
    final java.util.concurrent.CountDownLatch never = new java.util.concurrent.CountDownLatch(1);
    volatile boolean first = true;

    @Override
    public void appendAll(List<UsageRecord> records) {
      if (first) {
        first = false;
        super.appendAll(records);
        return;
      }
      try {
        never.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Test
  void aProcessKilledWithRecordsQueued_losesNone_andNothingIsStoredTwice() throws Exception {
    Path dir = Files.createTempDirectory("usage-journal");
    HangsAfterFirstBatch dying = new HangsAfterFirstBatch();
    UsageWriter killed = writer(dying, dir, new SimpleMeterRegistry());
    killed.write(record("stored-before-the-kill"));
    await().atMost(Duration.ofSeconds(5)).until(() -> dying.stored.size() == 1);
    for (String id : List.of("q1", "q2", "q3")) {
      killed.write(record(id));
    }
    // The kill: no drain, no spool; the writer thread hangs in the database forever.
    FlakyUsage restarted = new FlakyUsage();

    UsageWriter next = writer(restarted, dir, new SimpleMeterRegistry());
    await().atMost(Duration.ofSeconds(5)).until(() -> restarted.stored.size() == 3);
    next.drain();

    assertEquals(
        Set.of("q1", "q2", "q3"),
        Set.copyOf(restarted.stored.stream().map(UsageRecord::requestId).toList()),
        "the queued records are replayed, the stored one is not stored again");
    dying.never.countDown();
  }
}
