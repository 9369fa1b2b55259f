package io.subgate.alert;

import java.time.Instant;
import java.util.Locale;

/**
 * Where notices go.
 *
 * @param secret the HMAC key receivers verify signatures with; kept encrypted at rest
 */
public record Webhook(
    long id, String name, String url, Format format, String secret, Instant createdAt) {

  /** The body's shape. */
  public enum Format {
    /** {@code {id, event, state, condition, summary, at}}. */
    GENERIC,
    /** Slack's incoming-webhook shape, {@code {"text": …}}. */
    SLACK;

    public String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }

    public static Format fromWire(String value) {
      for (Format f : values()) {
        if (f.wireName().equals(value)) {
          return f;
        }
      }
      throw new IllegalArgumentException("must be generic or slack");
    }
  }

  @Override
  public String toString() {
    return "Webhook[id=" + id + ", name=" + name + ", format=" + format + "]";
  }
}
