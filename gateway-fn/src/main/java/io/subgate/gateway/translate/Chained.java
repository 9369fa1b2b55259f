package io.subgate.gateway.translate;

import io.subgate.gateway.proxy.ProxyRequest;
import io.subgate.gateway.relay.SseEvent;
import java.util.List;

/**
 * A conversion behind Code Assist's envelope: {@code inner} takes the upstream's answer to Gemini's
 * (its {@code {"response": …}} removed, each event's data sliced out without a parse), then {@code
 * outer} converts Gemini's answer for a Chat or Messages client. The request is {@code outer}'s
 * conversion; the dialect builds the envelope, as for a Gemini client.
 */
final class Chained implements Translator {
  private final Translator outer;
  private final CodeAssistUnwrap inner;

  Chained(Translator outer, CodeAssistUnwrap inner) {
    this.outer = outer;
    this.inner = inner;
  }

  @Override
  public ProxyRequest request(ProxyRequest client) {
    return outer.request(client);
  }

  @Override
  public List<byte[]> event(SseEvent event) {
    return outer.event(inner.unwrapped(event));
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
