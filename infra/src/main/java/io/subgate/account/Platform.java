package io.subgate.account;

import java.util.Locale;

/** Upstream provider family an account belongs to. */
public enum Platform {
  ANTHROPIC,
  OPENAI,
  GEMINI,
  ANTIGRAVITY;

  /** The lower-case name used in configuration, the database and the admin API. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Parses a wire name.
   *
   * @throws IllegalArgumentException naming the accepted values when {@code value} is unknown
   */
  public static Platform fromWire(String value) {
    for (Platform p : values()) {
      if (p.wireName().equals(value)) {
        return p;
      }
    }
    throw new IllegalArgumentException("must be one of anthropic, openai, gemini, antigravity");
  }
}
