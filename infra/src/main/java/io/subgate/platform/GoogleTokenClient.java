package io.subgate.platform;

import io.micronaut.json.JsonMapper;
import io.subgate.config.PlatformEndpoint;
import io.subgate.config.PlatformEndpoints;
import io.subgate.egress.EgressRoutes;
import io.subgate.egress.OAuthHttp;
import io.subgate.token.RefreshPolicy;
import java.net.http.HttpRequest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Google's token endpoint (Gemini, Antigravity): form body with client id and secret. The stored
 * expiry is 5 minutes early, never less than 30 s ahead. A failed refresh fails the request so the
 * gateway fails over.
 */
public abstract class GoogleTokenClient extends HttpTokenClient {
  private static final Duration SAFETY = Duration.ofMinutes(5);
  private static final Duration FLOOR = Duration.ofSeconds(30);

  protected GoogleTokenClient(
      PlatformEndpoints endpoints,
      OAuthHttp http,
      EgressRoutes routes,
      JsonMapper json,
      Clock clock) {
    super(endpoints, http, routes, json, clock);
  }

  @Override
  protected HttpRequest.Builder body(
      HttpRequest.Builder request, PlatformEndpoint endpoint, String refreshToken) {
    return request
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(
            HttpRequest.BodyPublishers.ofString(
                form(
                    fields(
                        "grant_type",
                        "refresh_token",
                        "refresh_token",
                        refreshToken,
                        "client_id",
                        endpoint.clientId(),
                        "client_secret",
                        String.valueOf(endpoint.clientSecret())))));
  }

  @Override
  protected Instant expiresAt(Instant now, long expiresInSeconds) {
    Instant early = now.plusSeconds(expiresInSeconds).minus(SAFETY);
    Instant floor = now.plus(FLOOR);
    return early.isBefore(floor) ? floor : early;
  }

  @Override
  public RefreshPolicy policy() {
    return RefreshPolicy.FAIL_FAST;
  }
}
