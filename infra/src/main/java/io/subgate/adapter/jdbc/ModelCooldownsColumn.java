package io.subgate.adapter.jdbc;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * The {@code model_cooldowns} column: one {@code <epoch-millis> <model>} line per model. A line
 * that does not read is dropped (a cooldown lost is one more upstream try, never a stuck account).
 */
final class ModelCooldownsColumn {
  static final int MAX_LENGTH = 4000;

  private ModelCooldownsColumn() {}

  static @Nullable String write(Map<String, Instant> cooldowns) {
    if (cooldowns.isEmpty()) {
      return null;
    }
    StringBuilder out = new StringBuilder();
    for (Map.Entry<String, Instant> e : new TreeMap<>(cooldowns).entrySet()) {
      String line = e.getValue().toEpochMilli() + " " + e.getKey().replace('\n', ' ') + "\n";
      if (out.length() + line.length() > MAX_LENGTH) {
        break;
      }
      out.append(line);
    }
    return out.toString();
  }

  static Map<String, Instant> read(@Nullable String stored) {
    if (stored == null || stored.isBlank()) {
      return Map.of();
    }
    Map<String, Instant> out = new HashMap<>();
    for (String line : stored.split("\n")) {
      int space = line.indexOf(' ');
      if (space <= 0 || space == line.length() - 1) {
        continue;
      }
      try {
        out.put(
            line.substring(space + 1),
            Instant.ofEpochMilli(Long.parseLong(line.substring(0, space))));
      } catch (NumberFormatException e) {
        // dropped, see the class comment
      }
    }
    return out;
  }
}
