package io.subgate.gateway.admin;

import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import io.subgate.pricing.Usd;
import io.subgate.tenancy.BudgetWindow;
import io.subgate.tenancy.Budgets;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Typed reads from a JSON object; every failure is an {@link InvalidFieldException} naming the
 * field by its path (for example {@code credentials.access_token}).
 */
final class JsonFields {
  private final JsonNode node;
  private final String path;

  private JsonFields(JsonNode node, String path) {
    this.node = node;
    this.path = path;
  }

  static JsonFields parse(JsonMapper mapper, @Nullable String body) {
    if (body == null || body.isBlank()) {
      throw new InvalidFieldException("body", "must be a JSON object");
    }
    JsonNode node;
    try {
      node = mapper.readValue(body, JsonNode.class);
    } catch (IOException | RuntimeException e) {
      throw new InvalidFieldException("body", "is not valid JSON");
    }
    if (node == null || !node.isObject()) {
      throw new InvalidFieldException("body", "must be a JSON object");
    }
    return new JsonFields(node, "");
  }

  String requiredString(String name, int maxLength) {
    String value = optionalString(name, maxLength);
    if (value == null || value.isBlank()) {
      throw invalid(name, "is required");
    }
    return value;
  }

  @Nullable String optionalString(String name, int maxLength) {
    JsonNode v = node.get(name);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isString()) {
      throw invalid(name, "must be a string");
    }
    String s = v.getStringValue();
    if (s.length() > maxLength) {
      throw invalid(name, "must be at most " + maxLength + " characters");
    }
    return s;
  }

  /** A string mapped through {@code parser}, whose IllegalArgumentException message is kept. */
  <T> T requiredChoice(String name, Function<String, T> parser) {
    String raw = requiredString(name, 50);
    try {
      return parser.apply(raw);
    } catch (IllegalArgumentException e) {
      throw invalid(name, String.valueOf(e.getMessage()));
    }
  }

  int optionalInt(String name, int fallback, int min, int max) {
    JsonNode v = node.get(name);
    if (v == null || v.isNull()) {
      return fallback;
    }
    if (!v.isNumber() || v.getNumberValue().doubleValue() != v.getLongValue()) {
      throw invalid(name, "must be an integer");
    }
    long n = v.getLongValue();
    if (n < min || n > max) {
      throw invalid(name, "must be between " + min + " and " + max);
    }
    return (int) n;
  }

  boolean has(String name) {
    return node.get(name) != null;
  }

  boolean requiredBoolean(String name) {
    JsonNode v = node.get(name);
    if (v == null || !v.isBoolean()) {
      throw invalid(name, "is required and must be true or false");
    }
    return v.getBooleanValue();
  }

  /** An optional whole number of 0 or more; {@code fallback} when absent. */
  long optionalCount(String name, long fallback) {
    JsonNode v = node.get(name);
    if (v == null || v.isNull()) {
      return fallback;
    }
    if (!v.isNumber()
        || v.getNumberValue().doubleValue() != v.getLongValue()
        || v.getLongValue() < 0) {
      throw invalid(name, "must be a whole number, 0 or more");
    }
    return v.getLongValue();
  }

  /** A version number (0 or more) that an update is fenced on. */
  long requiredVersion(String name) {
    JsonNode v = node.get(name);
    if (v == null
        || !v.isNumber()
        || v.getNumberValue().doubleValue() != v.getLongValue()
        || v.getLongValue() < 0) {
      throw invalid(name, "is required: the version this change is made against (from the view)");
    }
    return v.getLongValue();
  }

  long requiredLong(String name) {
    JsonNode v = node.get(name);
    if (v == null || v.isNull()) {
      throw invalid(name, "is required");
    }
    return asId(v, name);
  }

  /** An RFC 3339 timestamp or epoch seconds. */
  @Nullable Instant optionalInstant(String name) {
    JsonNode v = node.get(name);
    if (v == null || v.isNull()) {
      return null;
    }
    if (v.isNumber()) {
      return Instant.ofEpochSecond(v.getLongValue());
    }
    if (v.isString()) {
      try {
        return Instant.parse(v.getStringValue());
      } catch (DateTimeParseException e) {
        throw invalid(name, "must be an RFC 3339 timestamp or epoch seconds");
      }
    }
    throw invalid(name, "must be an RFC 3339 timestamp or epoch seconds");
  }

  JsonFields requiredObject(String name) {
    JsonNode v = node.get(name);
    if (v == null || !v.isObject()) {
      throw invalid(name, "must be a JSON object");
    }
    return new JsonFields(v, qualified(name) + ".");
  }

  List<Long> requiredIdList(String name) {
    JsonNode v = node.get(name);
    if (v == null || !v.isArray() || v.size() == 0) {
      throw invalid(name, "must be a non-empty array of ids");
    }
    List<Long> ids = new ArrayList<>();
    for (JsonNode item : v.values()) {
      ids.add(asId(item, name));
    }
    return ids;
  }

  /** An optional array of non-blank strings, none with a comma; empty when absent. */
  List<String> optionalStringList(String name, int maxItems, int maxLength) {
    JsonNode v = node.get(name);
    if (v == null || v.isNull()) {
      return List.of();
    }
    if (!v.isArray() || v.size() > maxItems) {
      throw invalid(name, "must be an array of at most " + maxItems + " strings");
    }
    List<String> out = new ArrayList<>();
    for (JsonNode item : v.values()) {
      if (!item.isString()
          || item.getStringValue().isBlank()
          || item.getStringValue().length() > maxLength
          || item.getStringValue().contains(",")) {
        throw invalid(
            name,
            "items must be non-blank strings without commas, at most " + maxLength + " characters");
      }
      out.add(item.getStringValue().trim());
    }
    return out;
  }

  /**
   * An optional object of non-blank strings to non-blank strings (at most {@code maxEntries}, each
   * at most {@code maxLength} characters); null when absent.
   */
  @Nullable Map<String, String> optionalStringMap(String name, int maxEntries, int maxLength) {
    JsonNode v = node.get(name);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isObject() || v.size() > maxEntries) {
      throw invalid(name, "must be an object of at most " + maxEntries + " entries");
    }
    Map<String, String> out = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : v.entries()) {
      JsonNode value = e.getValue();
      if (e.getKey().isBlank()
          || e.getKey().length() > maxLength
          || !value.isString()
          || value.getStringValue().isBlank()
          || value.getStringValue().length() > maxLength) {
        throw invalid(
            name,
            "keys and values must be non-blank strings of at most " + maxLength + " characters");
      }
      out.put(e.getKey().trim(), value.getStringValue().trim());
    }
    return out;
  }

  /**
   * An optional model mapping (requested → upstream name; a key may end in one {@code *}, and has
   * no other); null when absent.
   */
  @Nullable Map<String, String> optionalModelMapping(String name) {
    Map<String, String> mapping = optionalStringMap(name, 200, 200);
    if (mapping != null) {
      for (String key : mapping.keySet()) {
        if (key.indexOf('*') >= 0 && key.indexOf('*') != key.length() - 1) {
          throw invalid(name, "a pattern has one * and only at its end: " + key);
        }
      }
    }
    return mapping;
  }

  /**
   * Optional budgets in dollars per window ({@code {"5h": 5, "day": 10, "week": …, "month": …}}; 0
   * or null: none), as micro-dollars; none when absent.
   */
  Budgets optionalBudgets(String name) {
    JsonNode v = node.get(name);
    if (v == null || v.isNull()) {
      return Budgets.NONE;
    }
    if (!v.isObject()) {
      throw invalid(name, "must be an object of dollars per window (5h, day, week, month)");
    }
    Map<BudgetWindow, Long> out = new java.util.EnumMap<>(BudgetWindow.class);
    for (Map.Entry<String, JsonNode> e : v.entries()) {
      String field = name + "." + e.getKey();
      BudgetWindow window;
      try {
        window = BudgetWindow.fromWire(e.getKey());
      } catch (IllegalArgumentException unknown) {
        throw invalid(field, "is not a window: 5h, day, week or month");
      }
      JsonNode dollars = e.getValue();
      if (dollars.isNull()) {
        continue;
      }
      try {
        java.math.BigDecimal d = new java.math.BigDecimal(dollars.getNumberValue().toString());
        if (!dollars.isNumber() || d.signum() < 0 || d.compareTo(MAX_BUDGET) > 0) {
          throw new NumberFormatException();
        }
        out.put(window, Usd.micros(d));
      } catch (RuntimeException bad) {
        throw invalid(field, "must be dollars, from 0 to 1000000000");
      }
    }
    return new Budgets(out);
  }

  /**
   * An optional rate multiplier: from 0 to 1000, at most four decimals; {@code fallback} when
   * absent.
   */
  java.math.BigDecimal optionalMultiplier(String name, java.math.BigDecimal fallback) {
    JsonNode v = node.get(name);
    if (v == null || v.isNull()) {
      return fallback;
    }
    try {
      if (!v.isNumber()) {
        throw new NumberFormatException();
      }
      java.math.BigDecimal d = new java.math.BigDecimal(v.getNumberValue().toString());
      if (d.signum() < 0
          || d.compareTo(java.math.BigDecimal.valueOf(1_000)) > 0
          || d.stripTrailingZeros().scale() > 4) {
        throw new NumberFormatException();
      }
      return d.setScale(4);
    } catch (RuntimeException bad) {
      throw invalid(name, "must be a number from 0 to 1000 with at most four decimals");
    }
  }

  private static final java.math.BigDecimal MAX_BUDGET =
      java.math.BigDecimal.valueOf(1_000_000_000);

  /** Whether {@code name} is present and JSON {@code null} (an update clearing it). */
  boolean isNull(String name) {
    JsonNode v = node.get(name);
    return v != null && v.isNull();
  }

  /** An optional positive id; null when absent or JSON {@code null}. */
  @Nullable Long optionalId(String name) {
    JsonNode v = node.get(name);
    return v == null || v.isNull() ? null : asId(v, name);
  }

  private long asId(JsonNode v, String name) {
    if (!v.isNumber()
        || v.getNumberValue().doubleValue() != v.getLongValue()
        || v.getLongValue() < 1) {
      throw invalid(name, "must be a positive integer id");
    }
    return v.getLongValue();
  }

  InvalidFieldException invalid(String name, String message) {
    return new InvalidFieldException(qualified(name), message);
  }

  private String qualified(String name) {
    return path + name;
  }
}
