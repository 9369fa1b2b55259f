package io.subgate.gateway.proxy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A recording pass-through in front of the gateway: what a real client sent, exactly, to compare
 * with what reached the stub upstream. Answers stream back chunk by chunk as the gateway sends
 * them.
 */
final class ClientTap implements AutoCloseable {
  /** A request as the client sent it (header names in lower case). */
  record Sent(String method, String path, String query, Map<String, String> headers, String body) {
    String header(String name) {
      return headers.getOrDefault(name, "");
    }
  }

  // The JDK client sets these itself and refuses them from a caller.
  private static final Set<String> SET_BY_CLIENT =
      Set.of("host", "connection", "content-length", "expect", "upgrade", "transfer-encoding");

  private final HttpServer server;
  private final ExecutorService threads = Executors.newCachedThreadPool();
  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();
  private final String target;
  private final List<Sent> sent = new CopyOnWriteArrayList<>();

  ClientTap(String target) throws IOException {
    this.target = target.endsWith("/") ? target.substring(0, target.length() - 1) : target;
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
    server.setExecutor(threads);
    server.createContext("/", this::relay);
    server.start();
  }

  String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  List<Sent> sent() {
    return List.copyOf(sent);
  }

  void clear() {
    sent.clear();
  }

  private void relay(HttpExchange exchange) throws IOException {
    try (exchange) {
      byte[] body = exchange.getRequestBody().readAllBytes();
      URI uri = exchange.getRequestURI();
      Map<String, String> headers = new LinkedHashMap<>();
      exchange
          .getRequestHeaders()
          .forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), String.join(",", v)));
      String query = uri.getRawQuery() == null ? "" : uri.getRawQuery();
      sent.add(
          new Sent(
              exchange.getRequestMethod(),
              uri.getRawPath(),
              query,
              headers,
              new String(body, StandardCharsets.UTF_8)));
      HttpRequest.Builder forward =
          HttpRequest.newBuilder(
                  URI.create(target + uri.getRawPath() + (query.isEmpty() ? "" : "?" + query)))
              .timeout(Duration.ofSeconds(120))
              .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
      headers.forEach(
          (name, value) -> {
            if (!SET_BY_CLIENT.contains(name)) {
              forward.header(name, value);
            }
          });
      HttpResponse<InputStream> answer;
      try {
        answer = http.send(forward.build(), HttpResponse.BodyHandlers.ofInputStream());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (IOException e) {
        exchange.sendResponseHeaders(502, -1);
        return;
      }
      answer
          .headers()
          .map()
          .forEach(
              (name, values) -> {
                if (!SET_BY_CLIENT.contains(name.toLowerCase(Locale.ROOT))
                    && !name.startsWith(":")) {
                  values.forEach(v -> exchange.getResponseHeaders().add(name, v));
                }
              });
      int status = answer.statusCode();
      boolean bodiless =
          exchange.getRequestMethod().equals("HEAD") || status == 204 || status == 304;
      exchange.sendResponseHeaders(status, bodiless ? -1 : 0);
      try (InputStream in = answer.body();
          OutputStream out = exchange.getResponseBody()) {
        byte[] buffer = new byte[8192];
        for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
          out.write(buffer, 0, n);
          out.flush();
        }
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
    threads.shutdownNow();
  }
}
