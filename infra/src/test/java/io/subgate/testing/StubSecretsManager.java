package io.subgate.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * AWS Secrets Manager's {@code GetSecretValue} on loopback, as the AWS SDK v2 calls it (JSON 1.1:
 * {@code POST /} with {@code X-Amz-Target: secretsmanager.GetSecretValue}). It refuses what the
 * service refuses: an unsigned request or one signed with another access key, another action, an
 * unknown secret. {@link #put} replaces a secret's value, as a rotation does.
 */
public final class StubSecretsManager implements AutoCloseable {
  public static final String ACCESS_KEY = "AKIASTUBSECRETS0001";
  public static final String SECRET_KEY = "stub-secret-access-key";

  private static final JsonMapper JSON = JsonMapper.createDefault();

  private final HttpServer server;
  private final Map<String, String> secrets = new ConcurrentHashMap<>();
  private final AtomicInteger reads = new AtomicInteger();

  public StubSecretsManager() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
    server.createContext("/", this::serve);
    server.start();
  }

  public String endpoint() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** Stores (or rotates) secret {@code id} as {@code json}. */
  public StubSecretsManager put(String id, String json) {
    secrets.put(id, json);
    return this;
  }

  public int reads() {
    return reads.get();
  }

  private void serve(HttpExchange exchange) throws IOException {
    try {
      byte[] body = exchange.getRequestBody().readAllBytes();
      String auth = String.valueOf(exchange.getRequestHeaders().getFirst("Authorization"));
      String target = String.valueOf(exchange.getRequestHeaders().getFirst("X-Amz-Target"));
      if (!"POST".equals(exchange.getRequestMethod())) {
        error(exchange, 405, "UnknownOperationException", "only POST");
      } else if (!auth.startsWith("AWS4-HMAC-SHA256 Credential=")) {
        error(exchange, 400, "MissingAuthenticationTokenException", "Missing Authentication Token");
      } else if (!auth.startsWith("AWS4-HMAC-SHA256 Credential=" + ACCESS_KEY + "/")) {
        error(
            exchange,
            400,
            "UnrecognizedClientException",
            "The security token included in the request is invalid.");
      } else if (!"secretsmanager.GetSecretValue".equals(target)) {
        error(exchange, 400, "UnknownOperationException", "unknown operation " + target);
      } else {
        JsonNode request = JSON.readValue(body, JsonNode.class);
        JsonNode id = request == null ? null : request.get("SecretId");
        String name = id == null || !id.isString() ? "" : id.getStringValue();
        String value = secrets.get(name);
        if (value == null) {
          error(
              exchange,
              400,
              "ResourceNotFoundException",
              "Secrets Manager can't find the specified secret.");
        } else {
          reads.incrementAndGet();
          Map<String, Object> answer = new LinkedHashMap<>();
          answer.put("ARN", name);
          answer.put("Name", name);
          answer.put("SecretString", value);
          answer.put("VersionId", "v" + value.hashCode());
          send(exchange, 200, JSON.writeValueAsBytes(answer));
        }
      }
    } finally {
      exchange.close();
    }
  }

  private static void error(HttpExchange exchange, int status, String type, String message)
      throws IOException {
    send(exchange, status, JSON.writeValueAsBytes(Map.of("__type", type, "message", message)));
  }

  private static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.1");
    exchange.sendResponseHeaders(status, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }

  /** The SDK's default chain reads these first: tests sign with the stub's key. */
  public static void useStubCredentials() {
    System.setProperty("aws.accessKeyId", ACCESS_KEY);
    System.setProperty("aws.secretAccessKey", SECRET_KEY);
    if (System.getProperty("aws.region") == null) {
      System.setProperty("aws.region", "us-east-1");
    }
  }
}
