package io.subgate.gateway.dialect;

import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import io.subgate.gateway.relay.SseEvent;
import io.subgate.pricing.UsageBlocks;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Gemini's stream (public API and Code Assist, whose chunks are wrapped in {@code response}): each
 * event is one {@code GenerateContentResponse}; content starts with the first candidate part, the
 * chunk with a {@code finishReason} is the last, {@code usageMetadata} carries the counts (input =
 * prompt, output = candidates + thoughts), and an {@code {"error":…}} event is Google's error. Only
 * chunks that carry usage or an error are parsed.
 */
final class GeminiEvents extends UpstreamEvents {
  private static final Set<String> REQUEST_FAULTS =
      Set.of("INVALID_ARGUMENT", "FAILED_PRECONDITION", "NOT_FOUND", "OUT_OF_RANGE");

  GeminiEvents(JsonMapper json) {
    super(json);
  }

  @Override
  public Signal observe(SseEvent event) {
    String data = event.data();
    if (data.isEmpty()) {
      return Signal.OTHER;
    }
    if (data.startsWith("{\"error\"") || data.contains("\"error\":{")) {
      JsonNode root = parse(data);
      JsonNode error = root == null ? null : root.get("error");
      if (error != null && error.isObject()) {
        return googleError(error);
      }
    }
    if (data.contains("\"usageMetadata\"")) {
      readGeminiUsage(parse(data));
    }
    if (data.contains("\"finishReason\"")) {
      return Signal.TERMINAL;
    }
    return data.contains("\"parts\"") ? Signal.CONTENT : Signal.OTHER;
  }

  private Signal googleError(JsonNode error) {
    JsonNode status = error.get("status");
    String name = status != null && status.isString() ? status.getStringValue() : "";
    if (REQUEST_FAULTS.contains(name)) {
      return Signal.REQUEST_FAULT;
    }
    switch (name) {
      case "RESOURCE_EXHAUSTED":
        return failed(UpstreamFailure.Kind.RATE_LIMITED);
      case "UNAVAILABLE":
        return failed(UpstreamFailure.Kind.OVERLOADED);
      case "UNAUTHENTICATED":
        return failed(UpstreamFailure.Kind.UNAUTHORIZED);
      case "PERMISSION_DENIED":
        return failed(UpstreamFailure.Kind.FORBIDDEN);
      default:
        return failed(UpstreamFailure.Kind.SERVER_ERROR);
    }
  }

  private void readGeminiUsage(@Nullable JsonNode root) {
    if (root == null) {
      return;
    }
    JsonNode response = root.get("response");
    JsonNode chunk = response != null ? response : root;
    model(chunk.get("modelVersion"));
    usage(UsageBlocks.gemini(chunk.get("usageMetadata")));
  }
}
