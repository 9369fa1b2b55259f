package io.subgate.gateway.lambda;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micronaut.json.JsonMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A local stand-in for API Gateway's HTTP API in front of {@link GatewayLambdaHandler}: each HTTP
 * request on loopback becomes a payload-2.0 event (body base64-encoded, as API Gateway sends binary
 * bodies), the handler's response becomes the HTTP answer. Real HTTP clients (the official SDKs)
 * can then talk to the Lambda handler exactly as they talk to the Netty server.
 */
public final class LambdaBridge implements AutoCloseable {
  private final HttpServer server;
  private final GatewayLambdaHandler handler;
  private final JsonMapper json;

  public LambdaBridge(GatewayLambdaHandler handler, JsonMapper json) throws IOException {
    this.handler = handler;
    this.json = json;
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
    server.createContext("/", this::serve);
    server.start();
  }

  public String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  private void serve(HttpExchange exchange) throws IOException {
    try {
      byte[] body = exchange.getRequestBody().readAllBytes();
      Map<String, String> headers = new LinkedHashMap<>();
      exchange
          .getRequestHeaders()
          .forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), String.join(",", v)));
      String path = exchange.getRequestURI().getRawPath();
      String query = exchange.getRequestURI().getRawQuery();
      Map<String, Object> http = new LinkedHashMap<>();
      http.put("method", exchange.getRequestMethod());
      http.put("path", path);
      http.put("protocol", "HTTP/1.1");
      http.put("sourceIp", "127.0.0.1");
      http.put("userAgent", headers.getOrDefault("user-agent", ""));
      Map<String, Object> context = new LinkedHashMap<>();
      context.put("accountId", "123456789012");
      context.put("apiId", "local");
      context.put("http", http);
      context.put("requestId", "bridge-" + System.nanoTime());
      context.put("routeKey", "ANY /{proxy+}");
      context.put("stage", "$default");
      context.put("timeEpoch", System.currentTimeMillis());
      Map<String, Object> event = new LinkedHashMap<>();
      event.put("version", "2.0");
      event.put("routeKey", "ANY /{proxy+}");
      event.put("rawPath", path);
      event.put("rawQueryString", query == null ? "" : query);
      event.put("headers", headers);
      event.put("requestContext", context);
      event.put("isBase64Encoded", true);
      event.put("body", Base64.getEncoder().encodeToString(body));
      APIGatewayV2HTTPResponse response = handler.handle(json.writeValueAsBytes(event), null);
      String text = response.getBody() == null ? "" : response.getBody();
      byte[] out =
          response.getIsBase64Encoded()
              ? Base64.getDecoder().decode(text)
              : text.getBytes(StandardCharsets.UTF_8);
      if (response.getHeaders() != null) {
        response.getHeaders().forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
      }
      if (response.getMultiValueHeaders() != null) {
        response
            .getMultiValueHeaders()
            .forEach((k, v) -> exchange.getResponseHeaders().put(k, List.copyOf(v)));
      }
      exchange.sendResponseHeaders(response.getStatusCode(), out.length == 0 ? -1 : out.length);
      if (out.length > 0) {
        try (OutputStream o = exchange.getResponseBody()) {
          o.write(out);
        }
      }
    } finally {
      exchange.close();
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
