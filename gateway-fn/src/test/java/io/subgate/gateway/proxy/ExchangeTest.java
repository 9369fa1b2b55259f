package io.subgate.gateway.proxy;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ExchangeTest {

  @Test
  void aClientThatReadsNothing_isGoneOnceItsBufferIsFull_notBufferedWithoutEnd() {
    Exchange exchange = new Exchange();
    exchange.openStream(Map.of());
    byte[] event = "data: {}\n\n".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    for (int i = 0; i < Exchange.MAX_BUFFERED_EVENTS; i++) {
      assertTrue(exchange.emit(event), "event " + i + " fits the buffer");
    }
    assertFalse(exchange.emit(event), "the next one finds the client gone: the relay stops");
  }
}
