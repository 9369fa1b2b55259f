package io.subgate.gateway.usage;

import io.micronaut.context.annotation.Value;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import io.subgate.config.RuntimeSettings;
import io.subgate.tenancy.UsageRecord;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;
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
 * nothing is pending. By default not forced to disk: what a killed process wrote is in the kernel's
 * page cache and survives SIGKILL (a Lambda timeout, an OOM, a deploy) — only a machine crash loses
 * it. With {@code subgate.usage.journal-fsync} an append returns once its line is on disk, forced
 * by group commit: appends waiting together share one {@code fsync}, which covers every line
 * written before it began. The next start replays the records no mark covers.
 */
@Singleton
public final class UsageJournal {
  private static final Logger LOG = LoggerFactory.getLogger(UsageJournal.class);

  /** How written lines reach the disk: a seam for tests. */
  @FunctionalInterface
  interface Force {
    void force(FileChannel channel) throws IOException;
  }

  private final Path file;
  private final JsonMapper json;
  private final @Nullable Force force;
  private @Nullable FileChannel out;
  private long pending;
  private final List<UsageRecord> leftOver;
  // Lines written (under this) and lines known to be on disk (under durable): a forcing thread
  // holds durable, so appends arriving meanwhile queue there and the next force covers them all.
  private long written;
  private final Object durable = new Object();
  private long forced;

  public UsageJournal(RuntimeSettings runtime, JsonMapper json) {
    this(runtime, json, false);
  }

  @Inject
  public UsageJournal(
      RuntimeSettings runtime,
      JsonMapper json,
      @Value("${subgate.usage.journal-fsync:false}") boolean fsync) {
    this(runtime, json, fsync ? channel -> channel.force(false) : null);
  }

  UsageJournal(RuntimeSettings runtime, JsonMapper json, @Nullable Force force) {
    this.file = runtime.dataDir().resolve("usage-journal.jsonl");
    this.json = json;
    this.force = force;
    this.leftOver = takeOver();
  }

  /** What an earlier process journaled and never finished, once; empty after the first call. */
  public synchronized List<UsageRecord> leftOver() {
    List<UsageRecord> out = new ArrayList<>(leftOver);
    leftOver.clear();
    return out;
  }

  /** Journals a record about to be queued (on disk when this returns, with journal-fsync). */
  public void append(UsageRecord record) {
    long line;
    synchronized (this) {
      pending++;
      line = write(UsageLine.of(record));
    }
    awaitDisk(line);
  }

  /** {@code records} (journaled earlier) are stored or spooled: marked, or all cleared. */
  public void done(List<UsageRecord> records) {
    long line;
    synchronized (this) {
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
      line = write(UsageLine.done(keys));
    }
    awaitDisk(line);
  }

  /** With journal-fsync: returns once line number {@code line} is on disk (group commit). */
  private void awaitDisk(long line) {
    Force f = force;
    if (f == null) {
      return;
    }
    synchronized (durable) {
      if (forced >= line) {
        return;
      }
      long upTo;
      FileChannel channel;
      synchronized (this) {
        upTo = written;
        channel = out;
      }
      if (channel == null) {
        return;
      }
      try {
        f.force(channel);
        forced = upTo;
      } catch (IOException e) {
        LOG.warn("usage.journal_fsync_failed error={}", e.getClass().getSimpleName());
      }
    }
  }

  /** Appends {@code text}; answers its line number. */
  private long write(String text) {
    written++;
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
    return written;
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
