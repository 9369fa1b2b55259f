package io.subgate.gateway.lambda;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micronaut.context.ApplicationContext;
import io.micronaut.json.JsonMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;

/**
 * API Gateway's REST API with a {@code STREAM} proxy integration, on loopback: each HTTP request
 * becomes a REST API proxy event for the {@link RuntimeApiEmulator}, and the function's streamed
 * answer goes back to the client as it arrives — the prelude's status and headers, then each chunk
 * flushed. A client that hangs up is a disconnect of the invocation. The function itself is {@link
 * StreamingRuntime} looping against the emulator, as under Lambda. Real HTTP clients (the official
 * SDKs) talk to it unchanged.
 */
public final class StreamingFront implements AutoCloseable {
  private final RuntimeApiEmulator emulator;
  private final HttpServer server;
  private final JsonMapper json = JsonMapper.createDefault();
  private final List<Thread> loops = new ArrayList<>();
  private final List<StreamingRuntime> runtimes = new ArrayList<>();

  /** The last invocation, for tests that look at its arrivals. */
  public volatile RuntimeApiEmulator.@Nullable Invocation last;

  /** A front for {@code emulator}, with {@code functions} runtime loops on {@code context}. */
  public StreamingFront(RuntimeApiEmulator emulator, ApplicationContext context, int functions)
      throws IOException {
    this.emulator = emulator;
    for (int i = 0; i < functions; i++) {
      StreamingRuntime runtime = StreamingRuntime.of(emulator.address(), context);
      Thread loop = new Thread(runtime, "lambda-sandbox-" + i);
      loop.setDaemon(true);
      loop.start();
      runtimes.add(runtime);
      loops.add(loop);
    }
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
    server.setExecutor(Executors.newCachedThreadPool());
    server.createContext("/", this::serve);
    server.start();
  }

  public String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** The REST API proxy event API Gateway sends for this request (body base64, as binary). */
  static Map<String, Object> event(
      String method, String path, String query, Map<String, List<String>> headers, byte[] body) {
    Map<String, String> single = new LinkedHashMap<>();
    headers.forEach((k, v) -> single.put(k, String.join(",", v)));
    Map<String, Object> e = new LinkedHashMap<>();
    e.put("resource", "/{proxy+}");
    e.put("path", path);
    e.put("httpMethod", method);
    e.put("headers", single);
    e.put("multiValueHeaders", headers);
    Map<String, String> params = new LinkedHashMap<>();
    Map<String, List<String>> multi = new LinkedHashMap<>();
    if (query != null && !query.isEmpty()) {
      for (String pair : query.split("&")) {
        int eq = pair.indexOf('=');
        String k = eq < 0 ? pair : pair.substring(0, eq);
        String v = eq < 0 ? "" : pair.substring(eq + 1);
        params.put(k, v);
        multi.computeIfAbsent(k, x -> new ArrayList<>()).add(v);
      }
    }
    e.put("queryStringParameters", params.isEmpty() ? null : params);
    e.put("multiValueQueryStringParameters", multi.isEmpty() ? null : multi);
    e.put("pathParameters", Map.of("proxy", path.substring(1)));
    Map<String, Object> context = new LinkedHashMap<>();
    context.put("accountId", "123456789012");
    context.put("apiId", "local");
    context.put("stage", "prod");
    context.put("path", "/prod" + path);
    context.put("httpMethod", method);
    context.put("requestId", "front-" + System.nanoTime());
    context.put("identity", Map.of("sourceIp", "127.0.0.1"));
    e.put("requestContext", context);
    e.put("body", body.length == 0 ? null : Base64.getEncoder().encodeToString(body));
    e.put("isBase64Encoded", body.length > 0);
    return e;
  }

  private void serve(HttpExchange exchange) throws IOException {
    try {
      byte[] body = exchange.getRequestBody().readAllBytes();
      Map<String, List<String>> headers = new LinkedHashMap<>();
      exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), v));
      RuntimeApiEmulator.Invocation invocation =
          emulator.invoke(
              json.writeValueAsBytes(
                  event(
                      exchange.getRequestMethod(),
                      exchange.getRequestURI().getRawPath(),
                      exchange.getRequestURI().getRawQuery(),
                      headers,
                      body)));
      last = invocation;
      RuntimeApiEmulator.Prelude prelude = invocation.prelude.get(60, TimeUnit.SECONDS);
      prelude.headers().forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
      exchange.sendResponseHeaders(prelude.status(), 0);
      OutputStream out = exchange.getResponseBody();
      try {
        for (RuntimeApiEmulator.Arrival a = invocation.nextChunk(900_000);
            a != null;
            a = invocation.nextChunk(900_000)) {
          out.write(a.bytes());
          out.flush();
        }
        out.close();
      } catch (IOException e) {
        invocation.disconnect(); // the client hung up: so does API Gateway
      }
    } catch (ExecutionException | TimeoutException e) {
      exchange.sendResponseHeaders(502, -1);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      exchange.close();
    }
  }

  @Override
  public void close() {
    runtimes.forEach(StreamingRuntime::stop);
    server.stop(0);
    emulator.close();
    for (Thread t : loops) {
      try {
        t.join(2000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
