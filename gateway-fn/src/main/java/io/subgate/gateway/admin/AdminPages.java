package io.subgate.gateway.admin;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;

/** The admin API's id-ordered pages: {@code {<items>: […], next_after_id}}. */
final class AdminPages {
  static final int MAX = 500;

  private AdminPages() {}

  static int limit(int limit) {
    if (limit < 1 || limit > MAX) {
      throw new InvalidFieldException("limit", "must be between 1 and " + MAX);
    }
    return limit;
  }

  static <T> Map<String, Object> page(String name, List<T> items, int limit, ToLongFunction<T> id) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put(name, items);
    out.put(
        "next_after_id",
        items.size() == limit ? id.applyAsLong(items.get(items.size() - 1)) : null);
    return out;
  }
}
