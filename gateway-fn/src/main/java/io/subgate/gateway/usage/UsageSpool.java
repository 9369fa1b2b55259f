package io.subgate.gateway.usage;

import io.micronaut.context.annotation.Value;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import io.subgate.config.RuntimeSettings;
import io.subgate.tenancy.UsageRecord;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Usage records the database would not take, kept in a local file ({@code
 * <data-dir>/usage-spool.jsonl}, one record a line with the number of replays that failed it,
 * forced to disk) until the next start replays them: a database blip or a draining process loses no
 * record. A record the database refused {@value #MAX_TRIES} times while it was up goes to {@code
 * usage-dead-letters.jsonl} instead of being replayed at every start (put the file back as {@code
 * usage-spool.jsonl} to replay it). Each file is capped at {@code subgate.usage.spool-max-bytes}
 * (64 MiB): past it, records are counted lost rather than filling the disk.
 */
@Singleton
public final class UsageSpool {
  private static final Logger LOG = LoggerFactory.getLogger(UsageSpool.class);
  static final int MAX_TRIES = 5;
  static final long DEFAULT_MAX_BYTES = 64L * 1024 * 1024;

  /** A spooled record and how many replays the database, while up, refused it. */
  public record Spooled(UsageRecord record, int tries) {}

  private final Path file;
  private final Path deadLetters;
  private final JsonMapper json;
  private final long maxBytes;

  @Inject
  public UsageSpool(
      RuntimeSettings runtime,
      JsonMapper json,
      @Value("${subgate.usage.spool-max-bytes:67108864}") long maxBytes) {
    this.file = runtime.dataDir().resolve("usage-spool.jsonl");
    this.deadLetters = runtime.dataDir().resolve("usage-dead-letters.jsonl");
    this.json = json;
    this.maxBytes = maxBytes;
  }

  public UsageSpool(RuntimeSettings runtime, JsonMapper json) {
    this(runtime, json, DEFAULT_MAX_BYTES);
  }

  /** Appends {@code records}; false when the file would not take them or is full (logged). */
  public synchronized boolean append(List<Spooled> records) {
    return write(file, records);
  }

  /** Sets {@code records} aside for good; false when that file would not take them or is full. */
  public synchronized boolean deadLetter(List<Spooled> records) {
    return write(deadLetters, records);
  }

  private boolean write(Path target, List<Spooled> records) {
    if (records.isEmpty()) {
      return true;
    }
    try {
      Files.createDirectories(target.toAbsolutePath().getParent());
      StringBuilder lines = new StringBuilder();
      for (Spooled s : records) {
        lines
            .append("{\"tries\":")
            .append(s.tries())
            .append(",\"record\":")
            .append(json.writeValueAsString(s.record()))
            .append("}\n");
      }
      byte[] bytes = lines.toString().getBytes(StandardCharsets.UTF_8);
      long size = Files.exists(target) ? Files.size(target) : 0;
      if (size + bytes.length > maxBytes) {
        LOG.error(
            "usage.spool_full file={} records={} max_bytes={}",
            target.getFileName(),
            records.size(),
            maxBytes);
        return false;
      }
      try (FileChannel out =
          FileChannel.open(
              target,
              StandardOpenOption.CREATE,
              StandardOpenOption.WRITE,
              StandardOpenOption.APPEND)) {
        out.write(java.nio.ByteBuffer.wrap(bytes));
        out.force(false);
      }
      return true;
    } catch (IOException | RuntimeException e) {
      LOG.error(
          "usage.spool_failed records={} error={}", records.size(), e.getClass().getSimpleName());
      return false;
    }
  }

  /**
   * Takes every spooled record out of the file (moved aside first, so records spooled meanwhile are
   * kept for the next replay). Unreadable lines are logged and skipped; lines of the earlier format
   * (a bare record) count no failed replay yet.
   */
  public synchronized List<Spooled> takeAll() {
    if (!Files.exists(file)) {
      return List.of();
    }
    Path taken = file.resolveSibling(file.getFileName() + ".replaying");
    List<Spooled> out = new ArrayList<>();
    try {
      Files.move(file, taken, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      for (String line : Files.readAllLines(taken, StandardCharsets.UTF_8)) {
        if (line.isBlank()) {
          continue;
        }
        try {
          JsonNode node = json.readValue(line, JsonNode.class);
          JsonNode record = node.get("record");
          JsonNode tries = node.get("tries");
          out.add(
              record == null
                  ? new Spooled(json.readValueFromTree(node, UsageRecord.class), 0)
                  : new Spooled(
                      json.readValueFromTree(record, UsageRecord.class),
                      tries == null || !tries.isNumber() ? 0 : tries.getIntValue()));
        } catch (IOException | RuntimeException e) {
          LOG.warn("usage.spool_line_unreadable error={}", e.getClass().getSimpleName());
        }
      }
      Files.delete(taken);
    } catch (IOException e) {
      LOG.error("usage.spool_replay_failed error={}", e.getClass().getSimpleName());
    }
    return out;
  }
}
