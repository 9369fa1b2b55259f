package io.subgate.gateway.admin;

import io.subgate.account.ModelMapping;
import io.subgate.account.Platform;
import io.subgate.tenancy.GroupSettings;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A group's platforms and settings as an operator sends them on create ({@code current} null) and
 * update (absent fields keep {@code current}'s; a JSON {@code null} clears a setting).
 */
final class GroupFields {
  private GroupFields() {}

  /**
   * {@code platform} (one wire name, or {@code mixed} for every platform) or {@code platforms} (a
   * list of wire names); one of them on create.
   */
  static Set<Platform> platforms(JsonFields f, @Nullable Set<Platform> current) {
    if (f.has("platform") && f.has("platforms")) {
      throw f.invalid("platforms", "give platform or platforms, not both");
    }
    if (f.has("platforms")) {
      Set<Platform> out = EnumSet.noneOf(Platform.class);
      for (String name : f.optionalStringList("platforms", 4, 20)) {
        try {
          out.add(Platform.fromWire(name));
        } catch (IllegalArgumentException e) {
          throw f.invalid("platforms", String.valueOf(e.getMessage()));
        }
      }
      if (out.isEmpty()) {
        throw f.invalid("platforms", "must name at least one platform");
      }
      return out;
    }
    if (current != null && !f.has("platform")) {
      return current;
    }
    return f.requiredChoice(
        "platform",
        name ->
            name.equals("mixed")
                ? EnumSet.allOf(Platform.class)
                : EnumSet.of(
                    parse(name, "must be one of anthropic, openai, gemini, antigravity, mixed")));
  }

  static GroupSettings settings(JsonFields f, Set<Platform> platforms, GroupSettings current) {
    ModelMapping mapping = current.modelMapping();
    if (f.has("model_mapping")) {
      Map<String, String> given = f.optionalModelMapping("model_mapping");
      mapping = given == null ? ModelMapping.NONE : new ModelMapping(given);
    }
    Map<Platform, String> defaults = current.defaultModels();
    if (f.has("default_models")) {
      Map<String, String> given = f.optionalStringMap("default_models", 4, 200);
      defaults = new EnumMap<>(Platform.class);
      if (given != null) {
        for (Map.Entry<String, String> e : given.entrySet()) {
          Platform p;
          try {
            p = Platform.fromWire(e.getKey());
          } catch (IllegalArgumentException ex) {
            throw f.invalid("default_models", "keys are platforms: " + ex.getMessage());
          }
          defaults.put(p, e.getValue());
        }
      }
    }
    for (Platform p : defaults.keySet()) {
      if (!platforms.contains(p)) {
        throw f.invalid(
            "default_models", "names " + p.wireName() + ", which the group does not hold");
      }
    }
    Long fallback =
        f.has("fallback_group_id") ? f.optionalId("fallback_group_id") : current.fallbackGroupId();
    return new GroupSettings(
        mapping,
        defaults,
        fallback,
        f.optionalMultiplier("rate_multiplier", current.rateMultiplier()));
  }

  private static Platform parse(String name, String message) {
    try {
      return Platform.fromWire(name);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(message, e);
    }
  }
}
