package io.subgate.gateway.translate;

import io.subgate.gateway.protocol.ProxyRequest;
import io.subgate.gateway.relay.SseEvent;
import java.util.List;

/**
 * Maps what an upstream API answers onto the client's protocol: each stream event to the events the
 * client receives (possibly none, possibly several), and a complete body to the client's body. It
 * knows nothing of accounts, slots or failover. When the client speaks the upstream's protocol the
 * translator is {@link #IDENTITY} and the bytes pass unchanged.
 *
 * <p>Instances hold the state of one answer (a conversion needs it); {@link #IDENTITY} holds none.
 */
public interface Translator {

  Translator IDENTITY =
      new Translator() {
        @Override
        public List<byte[]> event(SseEvent event) {
          return List.of(event.bytes());
        }

        @Override
        public byte[] body(byte[] upstreamBody) {
          return upstreamBody;
        }
      };

  /** The client's events for one upstream event, already framed. */
  List<byte[]> event(SseEvent event);

  /** The client's body for one complete upstream body. */
  byte[] body(byte[] upstreamBody);

  /**
   * The request in the upstream's protocol: the client's own when they speak the same; a conversion
   * reads what the answer's translation needs from it (one instance per answer).
   *
   * @throws io.subgate.gateway.protocol.GatewayException 400 naming what does not convert
   */
  default ProxyRequest request(ProxyRequest client) {
    return client;
  }

  /**
   * The body whose usage block the usage record reads: the client's (the usual case), or the
   * upstream's when the conversion changes what the figures mean (OpenAI counts cached tokens in
   * {@code prompt_tokens}, Anthropic does not).
   */
  default byte[] usageOf(byte[] upstreamBody, byte[] clientBody) {
    return clientBody;
  }

  /**
   * The client already has an answer's opening ({@code message_start}, the role chunk) from an
   * attempt that failed before its content: this answer must not send another. A pass-through
   * answer's opening is a separate upstream event, which the relay drops itself.
   */
  default void openingSent() {}

  /** The content type of {@link #body}'s result, given the upstream's. */
  default String contentType(String upstreamContentType) {
    return upstreamContentType;
  }
}
