package io.subgate.platform;

import io.micronaut.json.JsonMapper;
import io.subgate.account.Platform;
import io.subgate.config.PlatformEndpoint;
import io.subgate.config.PlatformEndpoints;
import io.subgate.egress.EgressRoutes;
import io.subgate.egress.OAuthHttp;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.time.Clock;

/** Anthropic: JSON body with {@code grant_type}, {@code refresh_token} and {@code client_id}. */
@Singleton
public final class AnthropicTokenClient extends HttpTokenClient {

  public AnthropicTokenClient(
      PlatformEndpoints endpoints,
      OAuthHttp http,
      EgressRoutes routes,
      JsonMapper json,
      Clock clock) {
    super(endpoints, http, routes, json, clock);
  }

  @Override
  public Platform platform() {
    return Platform.ANTHROPIC;
  }

  @Override
  protected HttpRequest.Builder body(
      HttpRequest.Builder request, PlatformEndpoint endpoint, String refreshToken) {
    try {
      String body =
          json()
              .writeValueAsString(
                  fields(
                      "grant_type",
                      "refresh_token",
                      "refresh_token",
                      refreshToken,
                      "client_id",
                      endpoint.clientId()));
      return request
          .header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(body));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
