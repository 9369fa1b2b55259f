package io.subgate.gateway.proxy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/** An Anthropic-shaped upstream on loopback: answers /v1/messages and records what it received. */
final class StubUpstream implements AutoCloseable {
  private final HttpServer server;
  private final AtomicInteger calls = new AtomicInteger();
  private final Map<String, String> lastHeaders = new ConcurrentHashMap<>();
  private volatile String lastBody = "";
  private volatile int status = 200;

  StubUpstream() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(Executors.newFixedThreadPool(8));
    server.createContext(
        "/v1/messages",
        exchange -> {
          calls.incrementAndGet();
          lastHeaders.clear();
          exchange
              .getRequestHeaders()
              .forEach((k, v) -> lastHeaders.put(k.toLowerCase(java.util.Locale.ROOT), v.get(0)));
          lastBody = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
          byte[] body =
              (status == 200
                      ? "{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\","
                          + "\"content\":[{\"type\":\"text\",\"text\":\"hello\"}],"
                          + "\"usage\":{\"input_tokens\":12,\"output_tokens\":34}}"
                      : "{\"type\":\"error\",\"error\":{\"type\":\"invalid_request_error\","
                          + "\"message\":\"prompt is too long\"}}")
                  .getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().set("Content-Type", "application/json");
          exchange.getResponseHeaders().set("request-id", "req_upstream_1");
          exchange.sendResponseHeaders(status, body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          }
        });
    server.start();
  }

  String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  int calls() {
    return calls.get();
  }

  String header(String name) {
    return lastHeaders.getOrDefault(name, "");
  }

  String lastBody() {
    return lastBody;
  }

  void status(int next) {
    status = next;
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
