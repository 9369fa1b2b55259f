package io.subgate.gateway.lambda;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What a payload-2.0 event must carry before it is routed; each problem is answered with a clear
 * 4xx instead of an exception in the Lambda runtime.
 */
final class EventChecks {
  private EventChecks() {}

  /** A problem with the event, as status and message; empty when it can be routed. */
  static Optional<Problem> problem(@Nullable APIGatewayV2HTTPEvent event) {
    if (event == null) {
      return Optional.of(new Problem(400, "empty API Gateway event"));
    }
    if (event.getVersion() != null && !"2.0".equals(event.getVersion())) {
      return Optional.of(
          new Problem(
              400, "API Gateway payload format " + event.getVersion() + "; 2.0 is required"));
    }
    APIGatewayV2HTTPEvent.RequestContext context = event.getRequestContext();
    if (context == null) {
      return Optional.of(
          new Problem(400, "malformed API Gateway event: requestContext is missing"));
    }
    if (context.getHttp() == null || isBlank(context.getHttp().getMethod())) {
      return Optional.of(
          new Problem(400, "malformed API Gateway event: requestContext.http.method is missing"));
    }
    if (isBlank(event.getRawPath())) {
      return Optional.of(new Problem(400, "malformed API Gateway event: rawPath is missing"));
    }
    String stage = context.getStage();
    if (stage != null
        && !stage.isEmpty()
        && !"$default".equals(stage)
        && event.getRawPath().startsWith("/" + stage + "/")) {
      return Optional.of(
          new Problem(
              404,
              "stage '"
                  + stage
                  + "' is not served: deploy the HTTP API on the $default stage (or map a custom"
                  + " domain)"));
    }
    return Optional.empty();
  }

  /**
   * A body over {@code limit} bytes ({@code micronaut.server.max-request-size}, as Netty enforces
   * it) is a 413 here too, with Netty's message; a base64 body is measured decoded. Why a check of
   * our own: Micronaut's API Gateway adapters hand the event's body to the routes whatever its
   * size.
   */
  static Optional<Problem> bodyTooLarge(@Nullable String body, boolean base64, long limit) {
    if (body == null) {
      return Optional.empty();
    }
    long size = base64 ? body.length() / 4L * 3 : utf8Length(body);
    return size <= limit
        ? Optional.empty()
        : Optional.of(
            new Problem(
                413,
                "The content length ["
                    + size
                    + "] exceeds the maximum allowed content length ["
                    + limit
                    + "]"));
  }

  private static long utf8Length(String s) {
    long n = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        n++;
      } else if (c < 0x800) {
        n += 2;
      } else if (Character.isHighSurrogate(c)) {
        n += 4;
        i++;
      } else {
        n += 3;
      }
    }
    return n;
  }

  /** The request-size limit of the context's server settings (6 MB, Lambda's invoke limit). */
  static long limit(io.micronaut.context.ApplicationContext context) {
    return context.getProperty("micronaut.server.max-request-size", Long.class).orElse(6_291_456L);
  }

  private static boolean isBlank(@Nullable String s) {
    return s == null || s.isBlank();
  }

  record Problem(int status, String message) {}
}
