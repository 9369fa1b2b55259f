package io.subgate.gateway.proxy;

import io.micronaut.json.JsonMapper;
import io.subgate.config.RuntimeSettings;
import io.subgate.tenancy.UsageRecord;
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
 * <data-dir>/usage-spool.jsonl}, one JSON record a line, forced to disk) until the next start
 * replays them: a database blip or a draining process loses no record.
 */
@Singleton
final class UsageSpool {
  private static final Logger LOG = LoggerFactory.getLogger(UsageSpool.class);

  private final Path file;
  private final JsonMapper json;

  UsageSpool(RuntimeSettings runtime, JsonMapper json) {
    this.file = runtime.dataDir().resolve("usage-spool.jsonl");
    this.json = json;
  }

  /** Appends {@code records}; false when even the file would not take them (logged). */
  synchronized boolean append(List<UsageRecord> records) {
    if (records.isEmpty()) {
      return true;
    }
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      StringBuilder lines = new StringBuilder();
      for (UsageRecord r : records) {
        lines.append(json.writeValueAsString(r)).append('\n');
      }
      try (FileChannel out =
          FileChannel.open(
              file,
              StandardOpenOption.CREATE,
              StandardOpenOption.WRITE,
              StandardOpenOption.APPEND)) {
        out.write(java.nio.ByteBuffer.wrap(lines.toString().getBytes(StandardCharsets.UTF_8)));
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
   * kept for the next replay). Unreadable lines are logged and skipped.
   */
  synchronized List<UsageRecord> takeAll() {
    if (!Files.exists(file)) {
      return List.of();
    }
    Path taken = file.resolveSibling(file.getFileName() + ".replaying");
    List<UsageRecord> out = new ArrayList<>();
    try {
      Files.move(file, taken, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      for (String line : Files.readAllLines(taken, StandardCharsets.UTF_8)) {
        if (line.isBlank()) {
          continue;
        }
        try {
          out.add(json.readValue(line, UsageRecord.class));
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
