package io.subgate.gateway;

import io.micronaut.context.annotation.Primary;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.server.exceptions.response.Error;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import io.micronaut.json.JsonMapper;
import io.subgate.gateway.admin.AdminError;
import io.subgate.gateway.protocol.ClientProtocol;
import io.subgate.gateway.protocol.Route;
import jakarta.inject.Singleton;
import java.util.Optional;

/**
 * Gives framework-level errors (unknown route, wrong method, unconvertible path or query value,
 * body too large) the same JSON shape as Subgate's own errors instead of Micronaut's default: the
 * OpenAI shape under the OpenAI routes, the Anthropic shape (which the admin API shares) elsewhere.
 */
@Singleton
@Primary
public class ErrorBodies implements ErrorResponseProcessor<Object> {
  private final JsonMapper json;

  public ErrorBodies(JsonMapper json) {
    this.json = json;
  }

  @Override
  @SuppressWarnings("unchecked")
  public MutableHttpResponse<Object> processResponse(
      ErrorContext context, MutableHttpResponse<?> response) {
    MutableHttpResponse<Object> typed = (MutableHttpResponse<Object>) response;
    if (context.getRequest().getMethod() == HttpMethod.HEAD) {
      return typed;
    }
    int status = response.getStatus().getCode();
    String message = response.getStatus().getReason();
    String field = null;
    if (context.hasErrors()) {
      Error first = context.getErrors().get(0);
      message = first.getMessage();
      Optional<String> path = first.getPath();
      field = path.map(p -> p.startsWith("/") ? p.substring(1) : p).orElse(null);
    }
    String path = context.getRequest().getPath();
    ClientProtocol protocol = Route.errorsOf(path);
    if (protocol != ClientProtocol.ANTHROPIC) {
      typed.body(protocol.errorBody(json, status, String.valueOf(message)));
      return typed.contentType(MediaType.APPLICATION_JSON_TYPE);
    }
    typed.body(AdminError.of(typeFor(status), message, field));
    return typed.contentType(MediaType.APPLICATION_JSON_TYPE);
  }

  static String typeFor(int status) {
    switch (status) {
      case 401:
        return "authentication_error";
      case 403:
        return "permission_error";
      case 404:
        return "not_found_error";
      case 413:
        return "request_too_large";
      case 429:
        return "rate_limit_error";
      default:
        return status >= 500 ? "api_error" : "invalid_request_error";
    }
  }
}
