package io.subgate.gateway.client;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.json.JsonMapper;
import io.subgate.gateway.protocol.ClientProtocol;
import io.subgate.gateway.protocol.GatewayException;
import io.subgate.gateway.proxy.Proxy;
import io.subgate.tenancy.ApiKeyAuthenticator;
import io.subgate.tenancy.Principal;
import jakarta.inject.Singleton;

/**
 * The client routes answered outside {@link Proxy} (model lists, usage, Code Assist start-up): the
 * caller from its key as {@link ClientKeys} reads it for the route's shape, and errors in that
 * shape.
 */
@Singleton
public final class ClientAuth {
  private final ApiKeyAuthenticator auth;
  private final JsonMapper json;

  public ClientAuth(ApiKeyAuthenticator auth, JsonMapper json) {
    this.auth = auth;
    this.json = json;
  }

  /**
   * @throws GatewayException 400 for a key in a query parameter the shape does not take, 401 for a
   *     missing or unknown key
   */
  public Principal require(ClientProtocol shape, HttpRequest<?> request) {
    return ClientKeys.extract(shape, request.getHeaders(), request.getUri().getRawQuery())
        .flatMap(auth::authenticate)
        .orElseThrow(() -> new GatewayException(401, "invalid or missing API key"));
  }

  public MutableHttpResponse<byte[]> error(ClientProtocol shape, int status, String message) {
    return HttpResponse.<byte[]>status(HttpStatus.valueOf(status))
        .contentType(MediaType.APPLICATION_JSON_TYPE)
        .body(shape.errorBody(json, status, message));
  }

  public MutableHttpResponse<byte[]> error(ClientProtocol shape, GatewayException e) {
    return error(shape, e.status(), String.valueOf(e.getMessage()));
  }
}
