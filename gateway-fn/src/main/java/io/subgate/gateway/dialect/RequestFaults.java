package io.subgate.gateway.dialect;

import io.micronaut.json.tree.JsonNode;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Whether an upstream error says the request itself was at fault (too long for the context, an
 * invalid prompt or parameter, a content policy refusal). Such an error is the client's answer: it
 * is never retried, never moves the request to another account and never counts against the account
 * — another account would refuse the same request the same way.
 */
public final class RequestFaults {
  static final Set<String> CODES =
      Set.of(
          "invalid_request_error",
          "context_length_exceeded",
          "model_context_window_exceeded",
          "string_above_max_length",
          "request_too_large",
          "invalid_prompt",
          "content_policy_violation",
          "content_filter",
          "invalid_parameter",
          "unsupported_parameter",
          "invalid_value");

  private RequestFaults() {}

  /**
   * Whether an error event's object ({@code {"type","code","message"}}) names a request fault by
   * its type or its code. In a stream the generic {@code invalid_request_error} type is one: the
   * request was accepted, and only its content can be at fault.
   */
  public static boolean named(@Nullable JsonNode error) {
    if (error == null || !error.isObject()) {
      return false;
    }
    return listed(error.get("code")) || listed(error.get("type"));
  }

  /**
   * Whether a complete error answer's object names a request fault by a specific code or type (not
   * the generic {@code invalid_request_error}, which some relays put on any status).
   */
  public static boolean namedSpecifically(@Nullable JsonNode error) {
    if (error == null || !error.isObject()) {
      return false;
    }
    for (String field : new String[] {"code", "type"}) {
      JsonNode v = error.get(field);
      if (v != null && listed(v) && !"invalid_request_error".equals(v.getStringValue())) {
        return true;
      }
    }
    return false;
  }

  /**
   * The error object of an error body or event in any of the shapes the upstreams use: {@code
   * error}, {@code response.error}, or the event itself when it is flat.
   */
  public static @Nullable JsonNode errorOf(@Nullable JsonNode root) {
    if (root == null || !root.isObject()) {
      return null;
    }
    JsonNode error = root.get("error");
    if (error != null && error.isObject()) {
      return error;
    }
    JsonNode response = root.get("response");
    JsonNode nested = response == null ? null : response.get("error");
    if (nested != null && nested.isObject()) {
      return nested;
    }
    // Responses' flat error event: {"type":"error","code":…,"message":…}
    JsonNode code = root.get("code");
    return code != null && code.isString() ? root : null;
  }

  private static boolean listed(@Nullable JsonNode value) {
    return value != null && value.isString() && CODES.contains(value.getStringValue());
  }
}
