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

  private static boolean isBlank(@Nullable String s) {
    return s == null || s.isBlank();
  }

  record Problem(int status, String message) {}
}
