package io.subgate.login;

import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import io.subgate.account.OAuthCredentials;
import io.subgate.account.Platform;
import io.subgate.config.PlatformEndpoint;
import io.subgate.config.PlatformEndpoints;
import io.subgate.egress.EgressProxy;
import io.subgate.egress.EgressUnavailableException;
import io.subgate.egress.OAuthHttp;
import io.subgate.platform.HttpTokenClient;
import io.subgate.platform.OpenAiIdToken;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Trades an authorization code for tokens at the platform's token endpoint ({@code
 * grant_type=authorization_code} with the PKCE verifier): JSON for Anthropic, a form elsewhere,
 * Google's with its client secret. The answer's failure names the provider's OAuth error code,
 * never its body.
 */
@Singleton
public final class CodeExchange {
  private final PlatformEndpoints endpoints;
  private final Logins logins;
  private final OAuthHttp http;
  private final JsonMapper json;
  private final Clock clock;

  public CodeExchange(
      PlatformEndpoints endpoints, Logins logins, OAuthHttp http, JsonMapper json, Clock clock) {
    this.endpoints = endpoints;
    this.logins = logins;
    this.http = http;
    this.json = json;
    this.clock = clock;
  }

  /** Why the provider did not give tokens. */
  public static final class Refused extends Exception {
    private static final long serialVersionUID = 1L;

    Refused(String message) {
      super(message);
    }
  }

  /**
   * The tokens for {@code code}, asked through {@code via} (the proxy the new account will use;
   * null: direct).
   */
  public OAuthCredentials exchange(
      LoginSessions.Session session, String code, Duration timeout, @Nullable EgressProxy via)
      throws Refused, InterruptedException {
    Platform platform = session.platform();
    PlatformEndpoint endpoint = endpoints.of(platform);
    LoginSpec spec = logins.spec(platform, session.kind());
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("grant_type", "authorization_code");
    fields.put("code", code);
    fields.put("redirect_uri", session.redirectUri());
    fields.put("client_id", endpoint.clientId());
    fields.put("code_verifier", session.verifier());
    String secret = endpoint.clientSecret();
    if (secret != null && !secret.isBlank()) {
      fields.put("client_secret", secret);
    }
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(endpoint.tokenUrl()))
            .timeout(timeout)
            .header("Accept", "application/json");
    if (spec.tokenForm()) {
      request
          .header("Content-Type", "application/x-www-form-urlencoded")
          .POST(HttpRequest.BodyPublishers.ofString(HttpTokenClient.form(fields)));
    } else {
      fields.put("state", session.state());
      if (session.kind().equals(Logins.SETUP_TOKEN)) {
        fields.put("expires_in", Long.toString(Logins.SETUP_TOKEN_LIFETIME.toSeconds()));
      }
      request
          .header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(writeJson(fields)));
    }
    HttpResponse<String> answer;
    try {
      answer = http.send(request.build(), via);
    } catch (EgressUnavailableException e) {
      throw new Refused(platform.wireName() + " token endpoint: " + e.getMessage());
    } catch (IOException e) {
      throw new Refused(platform.wireName() + " token endpoint did not answer");
    }
    JsonNode body = readObject(answer.body());
    if (answer.statusCode() / 100 != 2 || body == null) {
      throw new Refused(
          platform.wireName()
              + " token endpoint answered "
              + answer.statusCode()
              + (body == null ? "" : " " + errorCode(body)));
    }
    String access = text(body, "access_token");
    JsonNode expiresIn = body.get("expires_in");
    if (access == null || access.isBlank()) {
      throw new Refused(platform.wireName() + " token endpoint gave no access_token");
    }
    String idToken = text(body, "id_token");
    String accountId =
        platform == Platform.OPENAI && idToken != null
            ? OpenAiIdToken.chatgptAccountId(json, idToken).orElse(null)
            : null;
    long seconds = expiresIn != null && expiresIn.isNumber() ? expiresIn.getLongValue() : 0;
    return new OAuthCredentials(
        access,
        text(body, "refresh_token"),
        seconds > 0 ? clock.instant().plusSeconds(seconds) : null,
        text(body, "scope"),
        null,
        accountId);
  }

  private static String errorCode(JsonNode body) {
    JsonNode error = body.get("error");
    if (error != null && error.isString()) {
      return error.getStringValue();
    }
    JsonNode code = error == null ? null : error.get("type");
    return code != null && code.isString() ? code.getStringValue() : "";
  }

  private @Nullable JsonNode readObject(String body) {
    try {
      JsonNode node = json.readValue(body, JsonNode.class);
      return node != null && node.isObject() ? node : null;
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  private String writeJson(Map<String, String> fields) {
    try {
      return json.writeValueAsString(fields);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static @Nullable String text(JsonNode node, String field) {
    JsonNode v = node.get(field);
    return v != null && v.isString() ? v.getStringValue() : null;
  }
}
