package io.subgate.gateway.dialect;

import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import io.subgate.gateway.relay.SseEvent;
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
  private long inputTokens;
  private long outputTokens;
  private long cacheCreationTokens;
  private long cacheReadTokens;
  private @Nullable String model;
  private UpstreamFailure.Kind failure = UpstreamFailure.Kind.SERVER_ERROR;

  protected UpstreamEvents(JsonMapper json) {
    this.json = json;
  }

  /** Reads one event. */
  public abstract Signal observe(SseEvent event);

  public long inputTokens() {
    return inputTokens;
  }

  public long outputTokens() {
    return outputTokens;
  }

  public long cacheCreationTokens() {
    return cacheCreationTokens;
  }

  public long cacheReadTokens() {
    return cacheReadTokens;
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

  /** Records prompt-cache figures (the largest seen wins). */
  protected void cache(long creation, long read) {
    cacheCreationTokens = Math.max(cacheCreationTokens, creation);
    cacheReadTokens = Math.max(cacheReadTokens, read);
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

  /** Records token counts read in a protocol's own names (the largest seen wins). */
  protected void usage(long input, long output) {
    inputTokens = Math.max(inputTokens, input);
    outputTokens = Math.max(outputTokens, output);
  }

  protected void readUsage(@Nullable JsonNode usage) {
    if (usage == null || !usage.isObject()) {
      return;
    }
    inputTokens = Math.max(inputTokens, number(usage, "input_tokens", "prompt_tokens"));
    outputTokens = Math.max(outputTokens, number(usage, "output_tokens", "completion_tokens"));
    cache(
        number(usage, "cache_creation_input_tokens", "cache_creation_input_tokens"),
        cachedRead(usage));
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

  /**
   * Anthropic's {@code cache_read_input_tokens}, OpenAI's {@code *_tokens_details.cached_tokens}.
   */
  public static long cachedRead(JsonNode usage) {
    long read = number(usage, "cache_read_input_tokens", "cache_read_input_tokens");
    for (String details : new String[] {"input_tokens_details", "prompt_tokens_details"}) {
      JsonNode d = usage.get(details);
      if (d != null && d.isObject()) {
        read = Math.max(read, number(d, "cached_tokens", "cached_tokens"));
      }
    }
    return read;
  }

  static long number(JsonNode node, String name, String alternative) {
    JsonNode value = node.get(name);
    if (value == null) {
      value = node.get(alternative);
    }
    return value != null && value.isNumber() ? value.getLongValue() : 0;
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
