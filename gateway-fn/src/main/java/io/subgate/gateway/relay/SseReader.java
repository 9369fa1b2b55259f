package io.subgate.gateway.relay;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/**
 * Server-sent event framing, nothing more: reads events one by one as they arrive. Knows no
 * protocol; what an event means is the dialect's business.
 */
public final class SseReader {
  private final BufferedReader lines;
  private final Runnable onLine;

  /**
   * @param onLine called for every line read (a watchdog's sign of life)
   */
  public SseReader(InputStream body, Runnable onLine) {
    this.lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8));
    this.onLine = onLine;
  }

  /** The next complete event, or null at the end of the stream (a partial event is dropped). */
  public @Nullable SseEvent next() throws IOException {
    StringBuilder raw = new StringBuilder();
    StringBuilder data = new StringBuilder();
    String name = "";
    String line;
    while ((line = lines.readLine()) != null) {
      onLine.run();
      raw.append(line).append('\n');
      if (!line.isEmpty()) {
        if (line.startsWith("event:")) {
          name = line.substring(6).trim();
        } else if (line.startsWith("data:")) {
          if (data.length() > 0) {
            data.append('\n');
          }
          data.append(line.substring(5).stripLeading());
        }
        continue;
      }
      if (raw.length() > 1) {
        return new SseEvent(name, data.toString(), raw.toString());
      }
      raw.setLength(0);
    }
    return null;
  }
}
