package io.subgate.gateway.proxy;

import io.micronaut.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/** The wire protocol a client speaks; errors are answered in its own shape. */
public enum ClientProtocol {
  /** {@code {"type":"error","error":{"type","message"}}}. */
  ANTHROPIC,
  /** {@code {"error":{"type","message","code"}}}. */
  OPENAI;

  /** The protocol's error type for an HTTP status. */
  public String errorType(int status) {
    boolean anthropic = this == ANTHROPIC;
    switch (status) {
      case 400:
      case 404:
      case 405:
      case 415:
        return "invalid_request_error";
      case 401:
        return "authentication_error";
      case 403:
        return "permission_error";
      case 413:
        return anthropic ? "request_too_large" : "invalid_request_error";
      case 429:
        return anthropic ? "rate_limit_error" : "rate_limit_exceeded";
      case 503:
        return anthropic ? "overloaded_error" : "service_unavailable";
      default:
        return status >= 500 ? (anthropic ? "api_error" : "server_error") : "invalid_request_error";
    }
  }

  public byte[] errorBody(JsonMapper json, int status, String message) {
    Map<String, Object> error = new LinkedHashMap<>();
    error.put("type", errorType(status));
    error.put("message", message);
    Map<String, Object> body = new LinkedHashMap<>();
    if (this == ANTHROPIC) {
      body.put("type", "error");
    } else {
      error.put("code", errorType(status));
    }
    body.put("error", error);
    try {
      return json.writeValueAsBytes(body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
