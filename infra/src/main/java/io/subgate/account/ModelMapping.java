package io.subgate.account;

import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * An API-key account's model names (sub2api's {@code model_mapping}): a requested model → the name
 * its provider or relay knows it by. A key ending in {@code *} matches every model starting with
 * the rest (the longest such key wins; an exact key beats any pattern). A mapping that is not empty
 * is also the list of models the account serves.
 */
public record ModelMapping(Map<String, String> entries) {
  public static final ModelMapping NONE = new ModelMapping(Map.of());

  public ModelMapping {
    entries = Map.copyOf(entries);
  }

  public boolean isEmpty() {
    return entries.isEmpty();
  }

  /** The upstream name of {@code requested}, or null when no entry matches. */
  public @Nullable String target(String requested) {
    String exact = entries.get(requested);
    if (exact != null) {
      return exact;
    }
    String best = null;
    for (String key : entries.keySet()) {
      if (key.endsWith("*")
          && requested.startsWith(key.substring(0, key.length() - 1))
          && (best == null || key.length() > best.length())) {
        best = key;
      }
    }
    return best == null ? null : entries.get(best);
  }

  /** {@code requested}'s upstream name; itself when nothing maps it. */
  public String upstreamName(String requested) {
    String mapped = target(requested);
    return mapped == null ? requested : mapped;
  }
}
