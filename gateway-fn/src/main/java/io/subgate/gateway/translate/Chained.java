package io.subgate.gateway.translate;

import io.subgate.gateway.proxy.ProxyRequest;
import io.subgate.gateway.relay.SseEvent;
import io.subgate.gateway.relay.SseReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Two translators in a row, for an upstream whose protocol is another's envelope: {@code inner}
 * takes the upstream's answer to the protocol {@code outer} converts from (Code Assist's {@code
 * {"response": …}} removed, then Gemini's answer converted for a Chat or Messages client). The
 * request is {@code outer}'s conversion; the dialect builds the envelope, as for a Gemini client.
 */
final class Chained implements Translator {
  private static final Runnable NOTHING = () -> {};

  private final Translator outer;
  private final Translator inner;

  Chained(Translator outer, Translator inner) {
    this.outer = outer;
    this.inner = inner;
  }

  @Override
  public ProxyRequest request(ProxyRequest client) {
    return outer.request(client);
  }

  @Override
  public List<byte[]> event(SseEvent event) {
    List<byte[]> out = new ArrayList<>();
    for (byte[] frame : inner.event(event)) {
      try {
        SseReader reader = new SseReader(new ByteArrayInputStream(frame), NOTHING);
        SseEvent middle;
        while ((middle = reader.next()) != null) {
          out.addAll(outer.event(middle));
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return out;
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
