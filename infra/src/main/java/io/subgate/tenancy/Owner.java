package io.subgate.tenancy;

import java.util.Locale;

/** Whose limits: a key, a user or a group, by id. */
public record Owner(Kind kind, long id) {
  /** The kinds of owner. */
  public enum Kind {
    KEY,
    USER,
    GROUP;

    public String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public static Owner key(long id) {
    return new Owner(Kind.KEY, id);
  }

  public static Owner user(long id) {
    return new Owner(Kind.USER, id);
  }

  public static Owner group(long id) {
    return new Owner(Kind.GROUP, id);
  }

  /** {@code key:42}. */
  public String wireName() {
    return kind.wireName() + ":" + id;
  }
}
