package io.subgate.gateway.usage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.json.JsonMapper;
import io.subgate.config.Mode;
import io.subgate.config.RuntimeSettings;
import io.subgate.tenancy.UsageRecord;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code subgate.usage.journal-fsync}: an append returns only once a force that began after its
 * line was written has run, and appends waiting together share one force (group commit). The force
 * is a seam: here it records which records the file held when it ran — what a machine crash after
 * it would keep.
 */
class UsageJournalFsyncTest {
  private static final JsonMapper JSON = JsonMapper.createDefault();
  @TempDir Path dir;

  private static UsageRecord record(String id) {
    return new UsageRecord(id, 1, 1, 7L, 1, "m", 1, 2, 200, false, 5, null, Instant.now());
  }

  @Test
  void everyAppendReturnsDurable_andConcurrentAppendsShareForces() throws Exception {
    Set<String> onDisk = ConcurrentHashMap.newKeySet();
    AtomicInteger forces = new AtomicInteger();
    Path file = dir.resolve("usage-journal.jsonl");
    UsageJournal journal =
        new UsageJournal(
            new RuntimeSettings(Mode.LOCAL, dir),
            JSON,
            channel -> {
              forces.incrementAndGet();
              for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                UsageRecord r = UsageLine.parse(line);
                if (r != null) {
                  onDisk.add(r.requestId());
                }
              }
              try {
                Thread.sleep(2);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            });
    int threads = 8;
    int each = 40;
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    List<Future<List<String>>> runs = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int thread = t;
      runs.add(
          pool.submit(
              () -> {
                start.await();
                List<String> notDurable = new ArrayList<>();
                for (int i = 0; i < each; i++) {
                  String id = "req-" + thread + "-" + i;
                  journal.append(record(id));
                  if (!onDisk.contains(id)) {
                    notDurable.add(id);
                  }
                }
                return notDurable;
              }));
    }
    start.countDown();
    List<String> notDurable = new ArrayList<>();
    for (Future<List<String>> run : runs) {
      notDurable.addAll(run.get(30, TimeUnit.SECONDS));
    }
    pool.shutdownNow();
    journal.close();

    int appends = threads * each;
    System.out.println("  journal-fsync: " + appends + " appends, " + forces.get() + " forces");
    assertEquals(List.of(), notDurable, "appends that returned before a force covered them");
    assertEquals(appends, onDisk.size());
    assertTrue(
        forces.get() <= appends * 9 / 10,
        "concurrent appends share forces: " + forces.get() + " for " + appends);
  }

  @Test
  void aJournalWrittenWithoutFsync_replays_andTakingItOverForcesNothing() throws Exception {
    AtomicInteger forces = new AtomicInteger();
    UsageJournal off = new UsageJournal(new RuntimeSettings(Mode.LOCAL, dir), JSON, false);
    off.append(record("kept-1"));
    off.close();
    UsageJournal counted =
        new UsageJournal(new RuntimeSettings(Mode.LOCAL, dir), JSON, c -> forces.incrementAndGet());

    assertEquals(
        List.of("kept-1"), counted.leftOver().stream().map(UsageRecord::requestId).toList());
    assertEquals(0, forces.get(), "taking over a journal forces nothing");
  }
}
