package io.subgate.gateway.translate;

import io.subgate.gateway.protocol.ProxyRequest;
import io.subgate.gateway.relay.SseEvent;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Two translators in a row, through a protocol in the middle: the client's request converted by
 * {@code outer} to the middle protocol and by {@code inner} to the upstream's; the upstream's
 * answer converted back by {@code inner}, then {@code outer}, event by event. Behind Code Assist's
 * envelope ({@code inner} its removal, each event's data sliced out without a parse), and where no
 * direct conversion exists (a Responses client over Gemini: Responses → Messages → Gemini). Each
 * half reads what its own answer needs from the request it converts.
 */
final class Chained implements Translator {
  private final Translator outer;
  private final Translator inner;

  Chained(Translator outer, Translator inner) {
    this.outer = outer;
    this.inner = inner;
  }

  @Override
  public ProxyRequest request(ProxyRequest client) {
    return inner.request(outer.request(client));
  }

  @Override
  public List<byte[]> event(SseEvent event) {
    if (inner instanceof CodeAssistUnwrap unwrap) {
      return outer.event(unwrap.unwrapped(event));
    }
    List<byte[]> out = new ArrayList<>();
    for (byte[] frame : inner.event(event)) {
      out.addAll(outer.event(parsed(new String(frame, StandardCharsets.UTF_8))));
    }
    return out;
  }

  /** One frame {@code inner} wrote, read back (its name and data lines). */
  private static SseEvent parsed(String frame) {
    String name = "";
    StringBuilder data = new StringBuilder();
    for (String line : frame.split("\n")) {
      if (line.startsWith("event:")) {
        name = line.substring(6).trim();
      } else if (line.startsWith("data:")) {
        if (data.length() > 0) {
          data.append('\n');
        }
        data.append(line.startsWith("data: ") ? line.substring(6) : line.substring(5));
      }
    }
    return new SseEvent(name, data.toString(), frame);
  }

  @Override
  public byte[] body(byte[] upstreamBody) {
    return outer.body(inner.body(upstreamBody));
  }

  @Override
  public byte[] usageOf(byte[] upstreamBody, byte[] clientBody) {
    byte[] middle = inner.body(upstreamBody);
    return outer.usageOf(inner.usageOf(upstreamBody, middle), clientBody);
  }

  @Override
  public void openingSent() {
    outer.openingSent();
  }

  @Override
  public String contentType(String upstreamContentType) {
    return outer.contentType(inner.contentType(upstreamContentType));
  }
}
