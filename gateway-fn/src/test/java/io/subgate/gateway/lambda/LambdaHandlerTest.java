package io.subgate.gateway.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.ApplicationContextBuilder;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.runtime.server.EmbeddedServer;
import io.subgate.account.Account;
import io.subgate.account.AccountRepository;
import io.subgate.account.AccountType;
import io.subgate.account.NewAccount;
import io.subgate.account.Platform;
import io.subgate.account.StaticKeyCredentials;
import io.subgate.gateway.GatewayTestProperties;
import io.subgate.tenancy.ApiKeyRepository;
import io.subgate.tenancy.ApiKeys;
import io.subgate.tenancy.GroupRepository;
import io.subgate.tenancy.UserRepository;
import io.subgate.testing.StubLlmUpstream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The files in {@code events/} (what {@code sam local invoke -e} takes) through the Lambda handler,
 * and the same requests through the Netty server: one set of cases, the same status and body both
 * ways. Both run on one PostgreSQL schema against one stub upstream.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LambdaHandlerTest {
  static final String EVENT_KEY = "sk-sg-events-fixture-key-000000000000000000";
  static final String EVENT_ADMIN_TOKEN = "events-admin-token-0123456789";
  private static final HttpClient CLIENT = HttpClient.newHttpClient();

  private StubLlmUpstream upstream;
  private Map<String, String> properties;
  private EmbeddedServer netty;
  private GatewayLambdaHandler lambda;
  private JsonMapper json;

  @BeforeAll
  void start() throws IOException {
    upstream = new StubLlmUpstream();
    properties = GatewayTestProperties.embedded();
    properties.putAll(
        Map.of(
            "subgate.admin.token",
            EVENT_ADMIN_TOKEN,
            "subgate.platforms.anthropic.api-base-url",
            upstream.baseUrl(),
            "aws.region",
            "us-east-1"));
    io.subgate.testing.TestServices.databaseProperties(
            io.subgate.testing.TestServices.freshPostgresSchema())
        .forEach((k, v) -> properties.put(k, String.valueOf(v)));
    netty = ApplicationContext.run(EmbeddedServer.class, new HashMap<>(properties), "test");
    json = netty.getApplicationContext().getBean(JsonMapper.class);
    seed(netty.getApplicationContext());
    lambda = handler(properties);
  }

  static GatewayLambdaHandler handler(Map<String, String> properties) {
    ApplicationContextBuilder builder =
        GatewayLambdaHandler.contextBuilder()
            .environments("test")
            .properties(new HashMap<>(properties));
    return new GatewayLambdaHandler(builder.build());
  }

  @AfterAll
  void stop() {
    lambda.close();
    netty.close();
    upstream.close();
  }

  private static void seed(ApplicationContext ctx) {
    Account account =
        ctx.getBean(AccountRepository.class)
            .create(
                new NewAccount(
                    "events",
                    Platform.ANTHROPIC,
                    AccountType.APIKEY,
                    1,
                    4,
                    new StaticKeyCredentials("sk-ant-events", null)));
    GroupRepository groups = ctx.getBean(GroupRepository.class);
    long group = groups.create("events", Platform.ANTHROPIC).id();
    groups.addAccounts(group, List.of(account.id()));
    long user = ctx.getBean(UserRepository.class).create("events", 5).id();
    ctx.getBean(ApiKeyRepository.class)
        .create(user, group, "events", ApiKeys.hash(EVENT_KEY), ApiKeys.displayPrefix(EVENT_KEY));
  }

  static byte[] event(String file) throws IOException {
    return Files.readAllBytes(Path.of("../events", file));
  }

  private APIGatewayV2HTTPResponse viaLambda(String file) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    lambda.handleRequest(new java.io.ByteArrayInputStream(event(file)), out, null);
    return json.readValue(out.toByteArray(), APIGatewayV2HTTPResponse.class);
  }

  private static String body(APIGatewayV2HTTPResponse r) {
    String body = r.getBody() == null ? "" : r.getBody();
    return r.getIsBase64Encoded()
        ? new String(Base64.getDecoder().decode(body), StandardCharsets.UTF_8)
        : body;
  }

  /** The event replayed as an HTTP request to the Netty server. */
  private HttpResponse<String> viaNetty(String file) throws Exception {
    JsonNode e = json.readValue(event(file), JsonNode.class);
    String method = e.get("requestContext").get("http").get("method").getStringValue();
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(netty.getURI() + e.get("rawPath").getStringValue()))
            .timeout(Duration.ofSeconds(20));
    Set<String> restricted = Set.of("host", "content-length", "connection");
    for (Map.Entry<String, JsonNode> h : e.get("headers").entries()) {
      if (!restricted.contains(h.getKey())) {
        b.header(h.getKey(), h.getValue().getStringValue());
      }
    }
    JsonNode bodyNode = e.get("body");
    String body = bodyNode == null ? "" : bodyNode.getStringValue();
    if (e.get("isBase64Encoded").getBooleanValue()) {
      body = new String(Base64.getDecoder().decode(body), StandardCharsets.UTF_8);
    }
    b.method(
        method,
        bodyNode == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body));
    return CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void sharedCases_giveTheSameStatusAndBody_throughNettyAndThroughTheV2Handler() throws Exception {
    Object[][] cases = {
      {"gateway-admin-accounts.json", 200, "\"accounts\""},
      {"gateway-health.json", 200, "\"status\""},
      {"gateway-messages.json", 200, "\"text\":\"hello\""},
      {"gateway-messages-stream.json", 200, "event: message_stop"},
      {"gateway-messages-base64.json", 200, "\"text\":\"hello\""},
      {"gateway-malformed-body.json", 400, "request body is not valid JSON"},
      {"gateway-unknown-route.json", 404, "\"type\":\"error\""},
    };
    for (Object[] c : cases) {
      String file = (String) c[0];
      HttpResponse<String> n = viaNetty(file);
      APIGatewayV2HTTPResponse l = viaLambda(file);
      System.out.printf("%s: netty %d, lambda %d%n", file, n.statusCode(), l.getStatusCode());
      assertEquals(c[1], n.statusCode(), file + " netty " + n.body());
      assertEquals(c[1], l.getStatusCode(), file + " lambda " + body(l));
      assertTrue(n.body().contains((String) c[2]), file + " " + n.body());
      assertEquals(n.body(), body(l), file + ": same body both ways");
    }
  }

  @Test
  void streamingUnderLambda_isOneBufferedEventStream() throws Exception {
    APIGatewayV2HTTPResponse r = viaLambda("gateway-messages-stream.json");
    assertEquals(200, r.getStatusCode());
    String type =
        r.getHeaders().entrySet().stream()
            .filter(h -> h.getKey().equalsIgnoreCase("content-type"))
            .map(Map.Entry::getValue)
            .findFirst()
            .orElse("");
    assertTrue(type.startsWith("text/event-stream"), type);
    String body = body(r);
    assertTrue(body.startsWith("event: message_start"), body);
    assertTrue(body.trim().endsWith("{\"type\":\"message_stop\"}"), body);
  }

  @Test
  void eventsThatCannotBeRouted_getClear4xx_notRuntimeErrors() throws Exception {
    APIGatewayV2HTTPResponse missing = viaLambda("gateway-missing-request-context.json");
    assertEquals(400, missing.getStatusCode());
    assertTrue(body(missing).contains("requestContext is missing"), body(missing));

    APIGatewayV2HTTPResponse stage = viaLambda("gateway-named-stage.json");
    assertEquals(404, stage.getStatusCode());
    assertTrue(body(stage).contains("$default"), body(stage));

    APIGatewayV2HTTPResponse garbage =
        lambda.handle("this is not an event".getBytes(StandardCharsets.UTF_8), null);
    assertEquals(400, garbage.getStatusCode());
    assertTrue(body(garbage).startsWith("{\"type\":\"error\""), body(garbage));

    String v1 =
        new String(event("gateway-health.json"), StandardCharsets.UTF_8)
            .replace("\"2.0\"", "\"1.0\"");
    APIGatewayV2HTTPResponse wrongVersion =
        lambda.handle(v1.getBytes(StandardCharsets.UTF_8), null);
    assertEquals(400, wrongVersion.getStatusCode());
  }

  @Test
  void slowUpstream_isAnsweredWithAProtocolErrorBeforeTheDeadline() throws Exception {
    Map<String, String> p = new HashMap<>(properties);
    p.put("subgate.proxy.request-deadline", "400ms");
    upstream.headerLatency(Duration.ofSeconds(3));
    try (GatewayLambdaHandler tight = handler(p)) {
      long start = System.nanoTime();
      APIGatewayV2HTTPResponse r = tight.handle(event("gateway-messages.json"), null);
      long ms = (System.nanoTime() - start) / 1_000_000;
      assertEquals(504, r.getStatusCode(), body(r));
      assertTrue(
          body(r).startsWith("{\"type\":\"error\",\"error\":{\"type\":\"api_error\""), body(r));
      assertTrue(ms < 2500, "answered after " + ms + " ms, before the upstream");
    } finally {
      upstream.headerLatency(Duration.ZERO);
    }
  }

  @Test
  void unreachableRedisAtInit_doesNotStopTheFunction_andRequestsAreStillServed() throws Exception {
    Map<String, String> p = new HashMap<>(properties);
    p.put("redis.uri", "redis://127.0.0.1:1");
    try (GatewayLambdaHandler degraded = handler(p)) {
      assertEquals(200, degraded.handle(event("gateway-health.json"), null).getStatusCode());
      assertEquals(
          200, degraded.handle(event("gateway-admin-accounts.json"), null).getStatusCode());
      // Served from the instance: a Redis outage costs slot accuracy, not availability.
      APIGatewayV2HTTPResponse proxied = degraded.handle(event("gateway-messages.json"), null);
      assertEquals(200, proxied.getStatusCode(), body(proxied));
      assertTrue(body(proxied).contains("\"text\":\"hello\""), body(proxied));
    }
  }
}
