package io.subgate.gateway.translate;

import io.subgate.gateway.protocol.InboundProtocol;
import java.util.Optional;

/**
 * The translator between a client protocol and the protocol an upstream API speaks. Identity when
 * they are the same; an empty answer where no conversion exists, and the dialect then cannot serve
 * that client. Conversions (Chat ⇄ Responses, Anthropic ⇄ Gemini) are added here as classes of
 * their own; {@code Proxy} and {@code Failover} do not change.
 */
public final class Translators {
  private Translators() {}

  public static Optional<Translator> between(InboundProtocol client, InboundProtocol upstream) {
    return client.equals(upstream) ? Optional.of(Translator.IDENTITY) : Optional.empty();
  }
}
