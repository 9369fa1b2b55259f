package io.subgate.gateway.protocol;

import io.micronaut.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/** The error shape of a client's wire protocol; errors are answered in the client's own shape. */
public enum ClientProtocol {
  /** {@code {"type":"error","error":{"type","message"}}}. */
  ANTHROPIC,
  /** {@code {"error":{"type","message","code"}}}. */
  OPENAI,
  /** Google's {@code {"error":{"code","message","status"}}}, the status a gRPC code name. */
  GOOGLE;

  /** The protocol's error type for an HTTP status (Google: its canonical status name). */
  public String errorType(int status) {
    if (this == GOOGLE) {
      return googleStatus(status);
    }
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

  /**
   * Google's status name for an HTTP status (sub2api §1.4, with 503 and 504 as Google names them).
   */
  static String googleStatus(int status) {
    switch (status) {
      case 400:
      case 413:
      case 415:
        return "INVALID_ARGUMENT";
      case 401:
        return "UNAUTHENTICATED";
      case 403:
        return "PERMISSION_DENIED";
      case 404:
      case 405:
        return "NOT_FOUND";
      case 409:
        return "ABORTED";
      case 429:
        return "RESOURCE_EXHAUSTED";
      case 499:
        return "CANCELLED";
      case 503:
        return "UNAVAILABLE";
      case 504:
        return "DEADLINE_EXCEEDED";
      default:
        return status >= 500 ? "INTERNAL" : "UNKNOWN";
    }
  }

  public byte[] errorBody(JsonMapper json, int status, String message) {
    Map<String, Object> error = new LinkedHashMap<>();
    if (this == GOOGLE) {
      error.put("code", status);
      error.put("message", message);
      error.put("status", googleStatus(status));
      return write(json, Map.of("error", error));
    }
    error.put("type", errorType(status));
    error.put("message", message);
    Map<String, Object> body = new LinkedHashMap<>();
    if (this == ANTHROPIC) {
      body.put("type", "error");
    } else {
      error.put("code", errorType(status));
    }
    body.put("error", error);
    return write(json, body);
  }

  private static byte[] write(JsonMapper json, Object body) {
    try {
      return json.writeValueAsBytes(body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
