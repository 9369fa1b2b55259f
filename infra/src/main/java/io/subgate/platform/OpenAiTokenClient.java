package io.subgate.platform;

import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import io.subgate.account.OAuthCredentials;
import io.subgate.account.Platform;
import io.subgate.config.PlatformEndpoint;
import io.subgate.config.PlatformEndpoints;
import io.subgate.egress.EgressRoutes;
import io.subgate.egress.OAuthHttp;
import jakarta.inject.Singleton;
import java.net.http.HttpRequest;
import java.time.Clock;
import java.util.Map;

/**
 * OpenAI (Codex): form body with client id and scope; a non-rotated refresh token is kept; the
 * ChatGPT account id is taken from the answer's {@code id_token} when it carries one.
 */
@Singleton
public final class OpenAiTokenClient extends HttpTokenClient {

  public OpenAiTokenClient(
      PlatformEndpoints endpoints,
      OAuthHttp http,
      EgressRoutes routes,
      JsonMapper json,
      Clock clock) {
    super(endpoints, http, routes, json, clock);
  }

  @Override
  public Platform platform() {
    return Platform.OPENAI;
  }

  @Override
  protected OAuthCredentials fromAnswer(JsonNode answer, OAuthCredentials refreshed) {
    String idToken = text(answer, "id_token");
    if (idToken == null) {
      return refreshed;
    }
    return OpenAiIdToken.chatgptAccountId(json(), idToken)
        .map(
            id ->
                new OAuthCredentials(
                    refreshed.accessToken(),
                    refreshed.refreshToken(),
                    refreshed.expiresAt(),
                    refreshed.scope(),
                    refreshed.projectId(),
                    id))
        .orElse(refreshed);
  }

  @Override
  protected HttpRequest.Builder body(
      HttpRequest.Builder request, PlatformEndpoint endpoint, String refreshToken) {
    Map<String, String> f =
        fields(
            "grant_type",
            "refresh_token",
            "refresh_token",
            refreshToken,
            "client_id",
            endpoint.clientId());
    String scope = endpoint.scope();
    if (scope != null && !scope.isBlank()) {
      f.put("scope", scope);
    }
    return request
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(form(f)));
  }
}
