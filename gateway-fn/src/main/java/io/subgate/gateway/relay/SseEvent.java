package io.subgate.gateway.relay;

import java.nio.charset.StandardCharsets;

/**
 * One server-sent event as it arrived: its name ({@code event:}, empty when absent), its data
 * ({@code data:} lines joined by newlines) and its exact text, blank line included.
 */
public record SseEvent(String name, String data, String raw) {

  /** The event's bytes as received, for relaying unchanged. */
  public byte[] bytes() {
    return raw.getBytes(StandardCharsets.UTF_8);
  }

  /** Data that is neither a JSON object nor OpenAI's {@code [DONE]} (empty data: a comment). */
  public boolean malformed() {
    if (data.isEmpty()) {
      return false;
    }
    String d = data.trim();
    return !d.equals("[DONE]") && !(d.startsWith("{") && d.endsWith("}"));
  }
}
