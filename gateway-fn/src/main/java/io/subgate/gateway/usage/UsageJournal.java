package io.subgate.gateway.usage;

import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import io.subgate.config.RuntimeSettings;
import io.subgate.tenancy.UsageRecord;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The usage writer's journal ({@code <data-dir>/usage-journal.jsonl}): every record is appended
 * before it is queued (one {@link UsageLine}; journals of the JSON lines written before are still
 * read), and a batch that is done (stored or spooled) is marked; the file is emptied whenever
 * nothing is pending. Not forced to disk: what a killed process wrote is in the kernel's page cache
 * and survives SIGKILL (a Lambda timeout, an OOM, a deploy) — only a machine crash loses it. The
 * next start replays the records no mark covers.
 */
@Singleton
public final class UsageJournal {
  private static final Logger LOG = LoggerFactory.getLogger(UsageJournal.class);

  private final Path file;
  private final JsonMapper json;
  private @Nullable FileChannel out;
  private long pending;
  private final List<UsageRecord> leftOver;

  public UsageJournal(RuntimeSettings runtime, JsonMapper json) {
    this.file = runtime.dataDir().resolve("usage-journal.jsonl");
    this.json = json;
    this.leftOver = takeOver();
  }

  /** What an earlier process journaled and never finished, once; empty after the first call. */
  public synchronized List<UsageRecord> leftOver() {
    List<UsageRecord> out = new ArrayList<>(leftOver);
    leftOver.clear();
    return out;
  }

  /** Journals a record about to be queued. */
  public synchronized void append(UsageRecord record) {
    pending++;
    write(UsageLine.of(record));
  }

  /** {@code records} (journaled earlier) are stored or spooled: marked, or all cleared. */
  public synchronized void done(List<UsageRecord> records) {
    pending = Math.max(0, pending - records.size());
    FileChannel channel = out;
    if (pending == 0 && channel != null) {
      try {
        channel.truncate(0);
      } catch (IOException e) {
        LOG.warn("usage.journal_truncate_failed error={}", e.getClass().getSimpleName());
      }
      return;
    }
    List<String> keys = new ArrayList<>(records.size());
    records.forEach(r -> keys.add(UsageLine.key(r)));
    write(UsageLine.done(keys));
  }

  private void write(String text) {
    try {
      FileChannel channel = out;
      if (channel == null) {
        Files.createDirectories(file.toAbsolutePath().getParent());
        channel =
            FileChannel.open(
                file,
                StandardOpenOption.CREATE,
                StandardOpenOption.WRITE,
                StandardOpenOption.APPEND);
        out = channel;
      }
      channel.write(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
    } catch (IOException e) {
      LOG.warn("usage.journal_write_failed error={}", e.getClass().getSimpleName());
    }
  }

  /** A record's identity as journals before {@link UsageLine} marked it (JSON lines). */
  public static String legacyKey(UsageRecord r) {
    return (r.requestId() + "|" + r.accountId() + "|" + r.createdAt() + "|" + r.statusCode())
        .replace("\"", "");
  }

  /** Moves an earlier process's journal aside and reads the records no mark covers. */
  private List<UsageRecord> takeOver() {
    if (!Files.exists(file)) {
      return new ArrayList<>();
    }
    Path taken = file.resolveSibling(file.getFileName() + ".replaying");
    List<UsageRecord> records = new ArrayList<>();
    Set<String> done = new HashSet<>();
    try {
      Files.move(file, taken, StandardCopyOption.REPLACE_EXISTING);
      for (String line : Files.readAllLines(taken, StandardCharsets.UTF_8)) {
        if (line.isBlank()) {
          continue;
        }
        try {
          if (line.charAt(0) == UsageLine.DONE) {
            done.addAll(UsageLine.doneKeys(line));
          } else if (line.charAt(0) == UsageLine.RECORD) {
            UsageRecord r = UsageLine.parse(line);
            if (r == null) {
              throw new IllegalStateException("a cut journal line");
            }
            records.add(r);
          } else if (line.startsWith("{\"done\":")) {
            JsonNode keys = json.readValue(line, JsonNode.class).get("done");
            for (JsonNode k : keys.values()) {
              done.add(k.getStringValue());
            }
          } else {
            records.add(json.readValue(line, UsageRecord.class));
          }
        } catch (IOException | RuntimeException e) {
          // A line cut by the kill: the record it held never reached the queue's end either.
          LOG.warn("usage.journal_line_unreadable error={}", e.getClass().getSimpleName());
        }
      }
      Files.delete(taken);
    } catch (IOException e) {
      LOG.error("usage.journal_replay_failed error={}", e.getClass().getSimpleName());
    }
    records.removeIf(r -> done.contains(UsageLine.key(r)) || done.contains(legacyKey(r)));
    if (!records.isEmpty()) {
      LOG.warn("usage.journal_recovered records={}", records.size());
    }
    return records;
  }

  @PreDestroy
  public synchronized void close() {
    FileChannel channel = out;
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException e) {
        // closing
      }
    }
  }
}
