package io.subgate.gateway.dialect;

import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import io.subgate.gateway.relay.SseEvent;
import io.subgate.pricing.TokenUsage;
import io.subgate.pricing.UsageBlocks;
import java.io.IOException;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Reads the events of one streamed upstream answer for what the relay needs: where content starts
 * (the commit point), the terminal event (a stream without it is truncated), errors and whether the
 * request caused them, and token usage. JSON is parsed only for the few events that carry usage or
 * an error. One instance per answer; not thread-safe.
 */
public abstract class UpstreamEvents {
  /** What one event means to the relay. */
  public enum Signal {
    /** Neither content nor an end: held back until content starts, then relayed. */
    OTHER,
    /** Part of the answer: the first one commits the stream. */
    CONTENT,
    /** The protocol's terminal event: the answer is complete. */
    TERMINAL,
    /** An upstream error ({@link #failure()} says which kind). */
    FAILED,
    /** An error the request caused: the client's answer, relayed as it is. */
    REQUEST_FAULT
  }

  private static final Set<String> OVERLOAD =
      Set.of("overloaded_error", "server_is_overloaded", "slow_down", "service_unavailable");
  private static final Set<String> RATE_LIMIT =
      Set.of("rate_limit_error", "rate_limit_exceeded", "usage_limit_reached");

  private final JsonMapper json;
  private TokenUsage usage = TokenUsage.NONE;
  private @Nullable String model;
  private UpstreamFailure.Kind failure = UpstreamFailure.Kind.SERVER_ERROR;

  protected UpstreamEvents(JsonMapper json) {
    this.json = json;
  }

  /** Reads one event. */
  public abstract Signal observe(SseEvent event);

  /** The tokens the answer's usage events reported (the largest figure of each kind seen). */
  public TokenUsage usage() {
    return usage;
  }

  /** The model the upstream said answered, when it said. */
  public @Nullable String model() {
    return model;
  }

  /** Records the model an event names. */
  protected void model(@Nullable JsonNode name) {
    if (name != null && name.isString() && !name.getStringValue().isBlank()) {
      model = name.getStringValue();
    }
  }

  /** The kind of the last {@link Signal#FAILED} event. */
  public UpstreamFailure.Kind failure() {
    return failure;
  }

  /** Classifies an error event whose error object is {@code error}. */
  protected Signal error(@Nullable JsonNode error) {
    if (RequestFaults.named(error)) {
      return Signal.REQUEST_FAULT;
    }
    failure =
        matches(error, OVERLOAD)
            ? UpstreamFailure.Kind.OVERLOADED
            : matches(error, RATE_LIMIT)
                ? UpstreamFailure.Kind.RATE_LIMITED
                : UpstreamFailure.Kind.SERVER_ERROR;
    return Signal.FAILED;
  }

  /** Records an error event of a known kind. */
  protected Signal failed(UpstreamFailure.Kind kind) {
    failure = kind;
    return Signal.FAILED;
  }

  /** Records token counts (the largest figure of each kind seen wins: streams repeat them). */
  protected void usage(TokenUsage seen) {
    usage = usage.max(seen);
  }

  /** Records an Anthropic or OpenAI {@code usage} object. */
  protected void readUsage(@Nullable JsonNode block) {
    usage(UsageBlocks.of(block));
  }

  protected @Nullable JsonNode parse(String data) {
    try {
      return json.readValue(data, JsonNode.class);
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  protected static @Nullable JsonNode field(@Nullable JsonNode node, String name) {
    return node == null ? null : node.get(name);
  }

  private static boolean matches(@Nullable JsonNode error, Set<String> names) {
    if (error == null) {
      return false;
    }
    for (String field : new String[] {"type", "code"}) {
      JsonNode v = error.get(field);
      if (v != null && v.isString() && names.contains(v.getStringValue())) {
        return true;
      }
    }
    return false;
  }
}
