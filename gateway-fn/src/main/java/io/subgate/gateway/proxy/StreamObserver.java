package io.subgate.gateway.proxy;

import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import java.io.IOException;
import org.jspecify.annotations.Nullable;

/**
 * Watches the events of one upstream stream for what the usage record and the stream's outcome
 * need: token counts, the first content event, and the protocol's terminal event. JSON is parsed
 * only for the few events that carry usage.
 */
final class StreamObserver {
  private final Route route;
  private final JsonMapper json;
  private long inputTokens;
  private long outputTokens;
  private boolean firstContent;
  private boolean terminal;
  private UpstreamFailure.@Nullable Kind error;

  StreamObserver(Route route, JsonMapper json) {
    this.route = route;
    this.json = json;
  }

  /**
   * Observes one event.
   *
   * @return whether this is the first content event (the answer's first token)
   */
  boolean observe(String event, String data) {
    boolean content = false;
    switch (route.protocol()) {
      case ANTHROPIC:
        content = anthropic(event, data);
        break;
      case OPENAI:
        content = route == Route.RESPONSES ? responses(event, data) : chat(data);
        break;
    }
    if (content && !firstContent) {
      firstContent = true;
      return true;
    }
    return false;
  }

  private boolean anthropic(String event, String data) {
    switch (event) {
      case "error":
        error =
            data.contains("overloaded_error")
                ? UpstreamFailure.Kind.OVERLOADED
                : data.contains("rate_limit_error")
                    ? UpstreamFailure.Kind.RATE_LIMITED
                    : UpstreamFailure.Kind.SERVER_ERROR;
        return false;
      case "message_start":
        JsonNode start = parse(data);
        JsonNode message = start == null ? null : start.get("message");
        readUsage(message == null ? null : message.get("usage"));
        return false;
      case "message_delta":
        JsonNode delta = parse(data);
        readUsage(delta == null ? null : delta.get("usage"));
        return false;
      case "message_stop":
        terminal = true;
        return false;
      default:
        return event.startsWith("content_block");
    }
  }

  private boolean chat(String data) {
    if ("[DONE]".equals(data.trim())) {
      terminal = true;
      return false;
    }
    if (data.startsWith("{\"error\"")) {
      error = UpstreamFailure.Kind.SERVER_ERROR;
      return false;
    }
    if (data.contains("\"usage\"")) {
      JsonNode chunk = parse(data);
      readUsage(chunk == null ? null : chunk.get("usage"));
    }
    return data.contains("\"choices\"") && !data.contains("\"choices\":[]");
  }

  private boolean responses(String event, String data) {
    if (event.equals("response.failed") || event.equals("error")) {
      error = UpstreamFailure.Kind.SERVER_ERROR;
      return false;
    }
    if (event.equals("response.completed")) {
      terminal = true;
      JsonNode done = parse(data);
      JsonNode response = done == null ? null : done.get("response");
      readUsage(response == null ? null : response.get("usage"));
      return false;
    }
    return event.startsWith("response.output");
  }

  private void readUsage(@Nullable JsonNode usage) {
    if (usage == null || !usage.isObject()) {
      return;
    }
    long in = UsageCounts.number(usage, "input_tokens", "prompt_tokens");
    long out = UsageCounts.number(usage, "output_tokens", "completion_tokens");
    inputTokens = Math.max(inputTokens, in);
    outputTokens = Math.max(outputTokens, out);
  }

  private @Nullable JsonNode parse(String data) {
    try {
      return json.readValue(data, JsonNode.class);
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  long inputTokens() {
    return inputTokens;
  }

  long outputTokens() {
    return outputTokens;
  }

  /** The failure an error event of the upstream reported, if one arrived. */
  UpstreamFailure.@Nullable Kind error() {
    return error;
  }

  /** Whether the protocol's terminal event arrived: a stream without it is a truncated answer. */
  boolean completed() {
    return terminal;
  }
}
