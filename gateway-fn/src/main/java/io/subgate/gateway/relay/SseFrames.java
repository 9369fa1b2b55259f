package io.subgate.gateway.relay;

import java.nio.charset.StandardCharsets;

/** Server-sent event framing, as bytes built once. */
public final class SseFrames {
  private SseFrames() {}

  /** {@code event:} when {@code event} is not empty, one {@code data:} line, the blank line. */
  public static byte[] frame(String event, byte[] data) {
    byte[] head =
        (event.isEmpty() ? "data: " : "event: " + event + "\ndata: ")
            .getBytes(StandardCharsets.UTF_8);
    byte[] out = new byte[head.length + data.length + 2];
    System.arraycopy(head, 0, out, 0, head.length);
    System.arraycopy(data, 0, out, head.length, data.length);
    out[out.length - 2] = '\n';
    out[out.length - 1] = '\n';
    return out;
  }
}
