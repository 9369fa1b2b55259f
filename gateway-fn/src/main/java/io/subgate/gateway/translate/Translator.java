package io.subgate.gateway.translate;

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

  /** The content type of {@link #body}'s result, given the upstream's. */
  default String contentType(String upstreamContentType) {
    return upstreamContentType;
  }
}
