package io.subgate.gateway.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Publisher;
import reactor.core.publisher.BaseSubscriber;

class ExchangeTest {
  private static final byte[] EVENT = "data: {}\n\n".getBytes(StandardCharsets.UTF_8);

  @Test
  void aClientThatReadsNothing_isGoneOnceItsBufferIsFull_notBufferedWithoutEnd() {
    Exchange exchange = new Exchange();
    exchange.openStream(Map.of());
    for (int i = 0; i < Exchange.MAX_BUFFERED_EVENTS; i++) {
      assertTrue(exchange.emit(EVENT), "event " + i + " fits the buffer");
    }
    assertFalse(exchange.emit(EVENT), "the next one finds the client gone: the relay stops");
  }

  @Test
  void whatTheClientReads_leavesTheBuffer_soAReadingClientIsNeverCut() {
    Exchange exchange = new Exchange();
    exchange.openStream(Map.of());
    Reader client = new Reader();
    body(exchange).subscribe(client);
    for (int i = 0; i < Exchange.MAX_BUFFERED_EVENTS; i++) {
      assertTrue(exchange.emit(EVENT));
    }
    client.read(100);
    assertEquals(100, client.events.size());
    for (int i = 0; i < 100; i++) {
      assertTrue(exchange.emit(EVENT), "room made by the events read: " + i);
    }
    assertFalse(exchange.emit(EVENT), "and no more than that");
    client.read(Exchange.MAX_BUFFERED_EVENTS);
    exchange.finish();
    assertEquals(Exchange.MAX_BUFFERED_EVENTS + 100, client.events.size());
    assertTrue(client.completed, "the stream ends once the client has read everything");
  }

  @Test
  void aCompleteAnswer_hasNoEventStream_andTakesNoEvents() {
    Exchange exchange = new Exchange();
    assertFalse(exchange.emit(EVENT), "nothing to emit into before a stream opens");
    exchange.respond(io.micronaut.http.HttpResponse.ok("{}"));
    exchange.finish();
    assertFalse(exchange.streaming());
    assertEquals("{}", exchange.response().join().body(), "the complete answer, not a stream");
  }

  @SuppressWarnings("unchecked")
  private static Publisher<byte[]> body(Exchange exchange) {
    return (Publisher<byte[]>) exchange.response().join().body();
  }

  private static final class Reader extends BaseSubscriber<byte[]> {
    final List<byte[]> events = new ArrayList<>();
    boolean completed;

    @Override
    protected void hookOnSubscribe(org.reactivestreams.Subscription subscription) {}

    @Override
    protected void hookOnNext(byte[] value) {
      events.add(value);
    }

    @Override
    protected void hookOnComplete() {
      completed = true;
    }

    void read(int n) {
      request(n);
    }
  }
}
