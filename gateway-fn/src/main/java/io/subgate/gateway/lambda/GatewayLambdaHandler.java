package io.subgate.gateway.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.ApplicationContextBuilder;
import io.micronaut.function.aws.proxy.payload2.APIGatewayV2HTTPEventFunction;
import io.micronaut.json.JsonMapper;
import io.subgate.config.LambdaContexts;
import io.subgate.gateway.protocol.ClientProtocol;
import io.subgate.gateway.protocol.Route;
import io.subgate.support.EmbeddedMetrics;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway on AWS Lambda behind an API Gateway HTTP API (payload format 2.0). Reads the event
 * itself with the application's own JSON mapper instead of letting the runtime deserialize it: the
 * runtime's Micronaut serializer would start a second application context, which was the largest
 * part of the cold start. Events are checked first ({@link EventChecks}), then routed through
 * Micronaut's v2 function — the same controllers as the Netty server. A response over Lambda's
 * payload limit, or any failure to read the event, becomes a clear error in the route's protocol
 * shape rather than an exception in the runtime.
 */
public class GatewayLambdaHandler implements RequestStreamHandler, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(GatewayLambdaHandler.class);

  /** Lambda's 6 MB response limit less room for the JSON envelope and headers. */
  static final int MAX_BODY_BYTES = 5_800_000;

  private final APIGatewayV2HTTPEventFunction function;
  private final JsonMapper json;
  private final long maxRequestSize;

  public GatewayLambdaHandler() {
    this(lambdaContext());
  }

  /** For tests: a context built by the caller (from {@link #contextBuilder()}). */
  public GatewayLambdaHandler(ApplicationContext context) {
    this.function = new APIGatewayV2HTTPEventFunction(context);
    this.json = function.getApplicationContext().getBean(JsonMapper.class);
    this.maxRequestSize = EventChecks.limit(function.getApplicationContext());
  }

  /** The context Lambda runs in: environments {@code function, lambda}. */
  public static ApplicationContext lambdaContext() {
    return contextBuilder().build();
  }

  /** {@link LambdaContexts#builder()}: Micronaut's Lambda setup without eager singletons. */
  public static ApplicationContextBuilder contextBuilder() {
    return LambdaContexts.builder();
  }

  @Override
  public void handleRequest(InputStream input, OutputStream output, @Nullable Context context)
      throws IOException {
    APIGatewayV2HTTPResponse response = handle(input.readAllBytes(), context);
    output.write(json.writeValueAsBytes(response));
  }

  /** One event, as the runtime would pass it, to its response. */
  public APIGatewayV2HTTPResponse handle(byte[] eventJson, @Nullable Context context) {
    long started = System.nanoTime();
    APIGatewayV2HTTPResponse response = route(eventJson, context);
    // One EMF line per request: CloudWatch makes requests and latency metrics by status class
    // (the per-process Prometheus registry means nothing across Lambda instances).
    System.out.println(
        EmbeddedMetrics.line(
            Instant.now(),
            Map.of("StatusClass", response.getStatusCode() / 100 + "xx"),
            Map.of("Requests", 1, "LatencyMs", (System.nanoTime() - started) / 1_000_000),
            Map.of("LatencyMs", "Milliseconds")));
    return response;
  }

  private APIGatewayV2HTTPResponse route(byte[] eventJson, @Nullable Context context) {
    APIGatewayV2HTTPEvent event;
    try {
      event = json.readValue(eventJson, APIGatewayV2HTTPEvent.class);
    } catch (IOException | RuntimeException e) {
      return error("", 400, "malformed API Gateway event: not valid JSON of payload format 2.0");
    }
    String path = event == null || event.getRawPath() == null ? "" : event.getRawPath();
    Optional<EventChecks.Problem> problem =
        EventChecks.problem(event)
            .or(
                () ->
                    EventChecks.bodyTooLarge(
                        event.getBody(), event.getIsBase64Encoded(), maxRequestSize));
    if (problem.isPresent()) {
      return error(path, problem.get().status(), problem.get().message());
    }
    APIGatewayV2HTTPResponse response;
    try {
      response = function.handleRequest(event, context);
    } catch (RuntimeException e) {
      LOG.error("lambda.request_failed path={} error={}", path, e.getClass().getName());
      return e instanceof IllegalArgumentException
          ? error(path, 400, "the request could not be read (body or its encoding)")
          : error(path, 500, "internal gateway error");
    }
    String body = response.getBody();
    if (body != null && body.length() > MAX_BODY_BYTES) {
      return error(
          path,
          502,
          "the response exceeds the Lambda payload limit (6 MB); use the Netty deployment for"
              + " large responses");
    }
    return response;
  }

  private APIGatewayV2HTTPResponse error(String path, int status, String message) {
    ClientProtocol protocol = Route.errorsOf(path);
    return APIGatewayV2HTTPResponse.builder()
        .withStatusCode(status)
        .withHeaders(Map.of("Content-Type", "application/json"))
        .withBody(new String(protocol.errorBody(json, status, message), StandardCharsets.UTF_8))
        .withIsBase64Encoded(false)
        .build();
  }

  @Override
  public void close() {
    function.close();
  }
}
