package io.subgate.gateway.lambda;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import io.micronaut.context.ApplicationContext;
import io.micronaut.core.convert.ConversionService;
import io.micronaut.function.BinaryTypeConfiguration;
import io.micronaut.function.aws.proxy.payload1.ApiGatewayProxyEventHandler;
import io.micronaut.function.aws.proxy.payload1.ApiGatewayProxyServletRequest;
import io.micronaut.function.aws.proxy.payload2.APIGatewayV2HTTPEventHandler;
import io.micronaut.function.aws.proxy.payload2.APIGatewayV2HTTPEventServletRequest;
import io.micronaut.http.MutableHttpHeaders;
import io.micronaut.http.simple.SimpleHttpHeaders;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.servlet.http.BodyBuilder;
import io.subgate.gateway.protocol.ClientProtocol;
import io.subgate.gateway.protocol.Route;
import io.subgate.gateway.proxy.ClientDepartures;
import io.subgate.gateway.usage.UsageWriter;
import io.subgate.support.EmbeddedMetrics;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway as a streaming Lambda function: an API Gateway event in (REST API proxy events, and
 * payload 2.0 for function URLs and HTTP APIs), the answer out through a {@link PreludeStream} as
 * it is produced. Routing, controllers, {@code Proxy}, failover and the relay are Micronaut's and
 * Subgate's own, exactly as on Netty and in the buffered function; only the response is written
 * differently. A failure before the prelude is an ordinary error answer in the route's protocol; a
 * failure after it is thrown as {@link BrokenStream}, for the runtime to report in the stream's
 * trailers (the client already has the protocol's in-stream error event from the relay).
 */
public final class StreamingGateway {
  private static final Logger LOG = LoggerFactory.getLogger(StreamingGateway.class);

  /** A failure after the status went out: only the runtime's trailers can still say it. */
  public static final class BrokenStream extends IOException {
    private static final long serialVersionUID = 1L;

    BrokenStream(String message, @Nullable Throwable cause) {
      super(message, cause);
    }
  }

  private final JsonMapper json;
  private final ConversionService conversion;
  private final BinaryTypeConfiguration binary;
  private final BodyBuilder bodies;
  private final ApiGatewayProxyEventHandler restApi;
  private final APIGatewayV2HTTPEventHandler payload2;
  private final UsageWriter usage;
  private final long maxRequestSize;

  public StreamingGateway(ApplicationContext context) {
    if (!context.isRunning()) {
      context.start();
    }
    this.json = context.getBean(JsonMapper.class);
    this.conversion = context.getConversionService();
    this.binary = context.getBean(BinaryTypeConfiguration.class);
    this.bodies = context.getBean(BodyBuilder.class);
    this.restApi = context.getBean(ApiGatewayProxyEventHandler.class);
    this.payload2 = context.getBean(APIGatewayV2HTTPEventHandler.class);
    this.usage = context.getBean(UsageWriter.class);
    this.maxRequestSize = EventChecks.limit(context);
  }

  /**
   * What follows an answer once the client has it, before the next event: the usage records the
   * invocation deferred ({@code subgate.usage.after-response}).
   */
  public void afterAnswer() {
    usage.writeDeferred();
  }

  /** Serves one event, writing the streamed response to {@code sink}. */
  public void handle(byte[] event, OutputStream sink) throws IOException {
    long started = System.nanoTime();
    int status = serve(event, sink);
    // One EMF line per request, as the buffered function writes.
    System.out.println(
        EmbeddedMetrics.line(
            Instant.now(),
            Map.of("StatusClass", status / 100 + "xx"),
            Map.of("Requests", 1, "LatencyMs", (System.nanoTime() - started) / 1_000_000),
            Map.of("LatencyMs", "Milliseconds")));
  }

  private int serve(byte[] event, OutputStream sink) throws IOException {
    JsonNode tree;
    try {
      tree = json.readValue(event, JsonNode.class);
    } catch (IOException | RuntimeException e) {
      tree = null;
    }
    if (tree == null || !tree.isObject()) {
      return error(sink, "", 400, "malformed API Gateway event: not a JSON object");
    }
    return tree.get("httpMethod") != null ? restApi(event, sink) : payload2(event, sink);
  }

  private int restApi(byte[] eventJson, OutputStream sink) throws IOException {
    APIGatewayProxyRequestEvent event;
    try {
      event = json.readValue(eventJson, APIGatewayProxyRequestEvent.class);
    } catch (IOException | RuntimeException e) {
      return error(sink, "", 400, "malformed API Gateway event: not a REST API proxy event");
    }
    String path = event.getPath() == null ? "" : event.getPath();
    if (path.isBlank() || event.getHttpMethod() == null || event.getHttpMethod().isBlank()) {
      return error(sink, path, 400, "malformed API Gateway event: httpMethod or path is missing");
    }
    Optional<EventChecks.Problem> tooLarge =
        EventChecks.bodyTooLarge(
            event.getBody(), Boolean.TRUE.equals(event.getIsBase64Encoded()), maxRequestSize);
    if (tooLarge.isPresent()) {
      return error(sink, path, 413, tooLarge.get().message());
    }
    StreamingResponses.V1 response = new StreamingResponses.V1(conversion, binary, json, sink);
    return run(
        path,
        response.stream(),
        response::code,
        () ->
            restApi.service(
                new ApiGatewayProxyServletRequest<>(event, response, conversion, bodies)),
        sink);
  }

  private int payload2(byte[] eventJson, OutputStream sink) throws IOException {
    APIGatewayV2HTTPEvent event;
    try {
      event = json.readValue(eventJson, APIGatewayV2HTTPEvent.class);
    } catch (IOException | RuntimeException e) {
      return error(
          sink, "", 400, "malformed API Gateway event: not valid JSON of payload format 2.0");
    }
    String path = event == null || event.getRawPath() == null ? "" : event.getRawPath();
    Optional<EventChecks.Problem> problem =
        EventChecks.problem(event)
            .or(
                () ->
                    EventChecks.bodyTooLarge(
                        event.getBody(), event.getIsBase64Encoded(), maxRequestSize));
    if (problem.isPresent()) {
      return error(sink, path, problem.get().status(), problem.get().message());
    }
    StreamingResponses.V2 response = new StreamingResponses.V2(conversion, binary, json, sink);
    return run(
        path,
        response.stream(),
        response::code,
        () ->
            payload2.service(
                new APIGatewayV2HTTPEventServletRequest<>(event, response, conversion, bodies)),
        sink);
  }

  private int run(
      String path,
      PreludeStream stream,
      java.util.function.IntSupplier status,
      Runnable service,
      OutputStream sink)
      throws IOException {
    List<Runnable> cancels = new CopyOnWriteArrayList<>();
    if (sink instanceof RuntimeApi.Stream answer) {
      answer.onGone(() -> cancels.forEach(Runnable::run));
    }
    try {
      ClientDepartures.listening(cancels::add, service);
      stream.commit();
      return status.getAsInt();
    } catch (RuntimeException e) {
      if (stream.committed()) {
        throw new BrokenStream("the response failed after it began: " + e.getClass().getName(), e);
      }
      LOG.error("lambda.request_failed path={} error={}", path, e.getClass().getName());
      return e instanceof IllegalArgumentException
          ? error(sink, path, 400, "the request could not be read (body or its encoding)")
          : error(sink, path, 500, "internal gateway error");
    }
  }

  /** An error answer in the route's protocol shape, as a whole streamed response. */
  private int error(OutputStream sink, String path, int status, String message) throws IOException {
    ClientProtocol protocol = Route.errorsOf(path);
    MutableHttpHeaders headers = new SimpleHttpHeaders(conversion);
    headers.add("Content-Type", "application/json");
    PreludeStream out =
        new PreludeStream(sink, () -> StreamingResponses.prelude(json, status, headers));
    out.write(protocol.errorBody(json, status, message));
    return status;
  }
}
