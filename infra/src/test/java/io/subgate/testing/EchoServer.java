package io.subgate.testing;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An HTTP server on loopback answering every request with what it saw: {@code {"ip": <the caller's
 * address>, "method": …, "path": …, "body_bytes": …}}. The exit-address service of egress checks,
 * and a target that counts what reached it.
 */
public final class EchoServer implements AutoCloseable {
  private final HttpServer server;
  private final AtomicInteger calls = new AtomicInteger();

  public EchoServer() {
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 32);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    server.setExecutor(Executors.newCachedThreadPool());
    server.createContext(
        "/",
        exchange -> {
          calls.incrementAndGet();
          byte[] body = exchange.getRequestBody().readAllBytes();
          byte[] answer =
              ("{\"ip\":\""
                      + exchange.getRemoteAddress().getAddress().getHostAddress()
                      + "\",\"method\":\""
                      + exchange.getRequestMethod()
                      + "\",\"path\":\""
                      + exchange.getRequestURI().getPath()
                      + "\",\"body_bytes\":"
                      + body.length
                      + "}")
                  .getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.sendResponseHeaders(200, answer.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(answer);
          }
        });
    server.start();
  }

  public String url(String path) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + path;
  }

  public int port() {
    return server.getAddress().getPort();
  }

  public int calls() {
    return calls.get();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
