package io.subgate.platform;

import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import io.subgate.account.OAuthCredentials;
import io.subgate.config.PlatformEndpoint;
import io.subgate.config.PlatformEndpoints;
import io.subgate.egress.EgressProxy;
import io.subgate.egress.EgressRoutes;
import io.subgate.egress.EgressUnavailableException;
import io.subgate.egress.OAuthHttp;
import io.subgate.token.PlatformTokenClient;
import io.subgate.token.RefreshFailure;
import io.subgate.token.RefreshFailure.Kind;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * The refresh round trip shared by every OAuth platform: validation, transport, and classification
 * of the answer. Subclasses add only the request body and, where it differs, the expiry rule.
 * Failure messages name the platform, status and OAuth error code — never the response body, which
 * could echo a token.
 */
public abstract class HttpTokenClient implements PlatformTokenClient {
  private static final Set<String> GRANT_ERRORS =
      Set.of(
          "invalid_grant",
          "invalid_refresh_token",
          "refresh_token_reused",
          "refresh_token_invalidated",
          "refresh_token_expired",
          "token_expired",
          "access_denied");
  private static final Set<String> CLIENT_ERRORS =
      Set.of("invalid_client", "unauthorized_client", "invalid_scope");

  private final PlatformEndpoints endpoints;
  private final OAuthHttp http;
  private final EgressRoutes routes;
  private final JsonMapper json;
  private final Clock clock;

  protected HttpTokenClient(
      PlatformEndpoints endpoints,
      OAuthHttp http,
      EgressRoutes routes,
      JsonMapper json,
      Clock clock) {
    this.endpoints = endpoints;
    this.http = http;
    this.routes = routes;
    this.json = json;
    this.clock = clock;
  }

  /** The POST body and its content type for this platform's token endpoint. */
  protected abstract HttpRequest.Builder body(
      HttpRequest.Builder request, PlatformEndpoint endpoint, String refreshToken);

  /** When the new token expires; Google platforms subtract a safety margin. */
  protected Instant expiresAt(Instant now, long expiresInSeconds) {
    return now.plusSeconds(expiresInSeconds);
  }

  /**
   * Fields of the token endpoint's answer that a platform reads beyond the tokens (OpenAI: the
   * account id in the {@code id_token}).
   */
  protected OAuthCredentials fromAnswer(JsonNode answer, OAuthCredentials refreshed) {
    return refreshed;
  }

  /**
   * Platform extras after a successful refresh (the Google platforms find a missing project), by
   * the same route ({@code via}; null: direct).
   */
  protected OAuthCredentials afterRefresh(
      OAuthCredentials refreshed, Duration timeout, @Nullable EgressProxy via)
      throws RefreshFailure {
    return refreshed;
  }

  @Override
  public final OAuthCredentials refresh(
      OAuthCredentials current, Duration timeout, @Nullable Long proxyId) throws RefreshFailure {
    PlatformEndpoint endpoint = endpoints.of(platform());
    String missing = endpoint.missingForRefresh();
    if (!missing.isEmpty()) {
      throw new RefreshFailure(Kind.MISCONFIGURED, platform().wireName() + " lacks " + missing);
    }
    String refreshToken = current.refreshToken();
    if (refreshToken == null || refreshToken.isBlank()) {
      throw new RefreshFailure(Kind.NO_REFRESH_TOKEN, "account has no refresh token");
    }
    EgressProxy via;
    try {
      via = routes.byId(proxyId);
    } catch (EgressUnavailableException e) {
      throw new RefreshFailure(Kind.CONNECTION, String.valueOf(e.getMessage()), e);
    }
    HttpRequest request =
        body(
                HttpRequest.newBuilder(URI.create(endpoint.tokenUrl()))
                    .timeout(timeout)
                    .header("Accept", "application/json"),
                endpoint,
                refreshToken)
            .build();
    HttpResponse<String> response = send(request, via);
    OAuthCredentials refreshed = parse(response, current);
    return afterRefresh(refreshed, timeout, via);
  }

  protected JsonMapper json() {
    return json;
  }

  protected PlatformEndpoints endpoints() {
    return endpoints;
  }

  private HttpResponse<String> send(HttpRequest request, @Nullable EgressProxy via)
      throws RefreshFailure {
    try {
      return http.send(request, via);
    } catch (HttpTimeoutException e) {
      throw new RefreshFailure(
          Kind.TRANSIENT, platform().wireName() + " token endpoint timed out", e);
    } catch (ConnectException e) {
      throw new RefreshFailure(
          Kind.CONNECTION, platform().wireName() + " token endpoint refused the connection", e);
    } catch (EgressUnavailableException e) {
      throw new RefreshFailure(
          Kind.CONNECTION, platform().wireName() + " token endpoint: " + e.getMessage(), e);
    } catch (IOException e) {
      throw new RefreshFailure(
          Kind.CONNECTION, platform().wireName() + " token endpoint connection failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RefreshFailure(Kind.TRANSIENT, "interrupted while refreshing", e);
    }
  }

  private OAuthCredentials parse(HttpResponse<String> response, OAuthCredentials current)
      throws RefreshFailure {
    int status = response.statusCode();
    JsonNode body = readObject(response.body());
    if (status < 200 || status > 299) {
      throw classify(status, body);
    }
    if (body == null) {
      throw malformed(status, "body is not a JSON object");
    }
    String accessToken = text(body, "access_token");
    if (accessToken == null || accessToken.isBlank()) {
      throw malformed(status, "no access_token");
    }
    JsonNode expiresIn = body.get("expires_in");
    if (expiresIn == null || !expiresIn.isNumber() || expiresIn.getLongValue() <= 0) {
      throw malformed(status, "missing or non-positive expires_in");
    }
    String rotated = text(body, "refresh_token");
    String scope = text(body, "scope");
    return fromAnswer(
        body,
        new OAuthCredentials(
            accessToken,
            rotated == null || rotated.isBlank() ? current.refreshToken() : rotated,
            expiresAt(clock.instant(), expiresIn.getLongValue()),
            scope == null ? current.scope() : scope,
            current.projectId(),
            current.upstreamAccountId()));
  }

  private RefreshFailure classify(int status, @Nullable JsonNode body) {
    String code = body == null ? null : errorCode(body);
    String message =
        platform().wireName()
            + " token endpoint answered "
            + status
            + (code == null ? "" : " " + code);
    if (code != null && GRANT_ERRORS.contains(code)) {
      return new RefreshFailure(Kind.INVALID_GRANT, message);
    }
    if (code != null && CLIENT_ERRORS.contains(code)) {
      return new RefreshFailure(Kind.INVALID_CLIENT, message);
    }
    if (body == null && status < 500 && status != 429) {
      return new RefreshFailure(Kind.MALFORMED_RESPONSE, message + " (not JSON)");
    }
    return new RefreshFailure(Kind.TRANSIENT, message);
  }

  /** The OAuth error code: {@code error} as a string, or {@code error.code}/{@code error.type}. */
  private static @Nullable String errorCode(JsonNode body) {
    JsonNode error = body.get("error");
    if (error == null) {
      return null;
    }
    if (error.isString()) {
      return error.getStringValue();
    }
    if (error.isObject()) {
      String code = text(error, "code");
      return code != null ? code : text(error, "type");
    }
    return null;
  }

  private RefreshFailure malformed(int status, String what) {
    return new RefreshFailure(
        Kind.MALFORMED_RESPONSE,
        platform().wireName() + " token endpoint answered " + status + " but " + what);
  }

  private @Nullable JsonNode readObject(String body) {
    try {
      JsonNode node = json.readValue(body, JsonNode.class);
      return node != null && node.isObject() ? node : null;
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  protected static @Nullable String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value != null && value.isString() ? value.getStringValue() : null;
  }

  /** {@code fields} as an {@code application/x-www-form-urlencoded} body. */
  public static String form(Map<String, String> fields) {
    return fields.entrySet().stream()
        .map(
            e ->
                URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)
                    + "="
                    + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
        .collect(Collectors.joining("&"));
  }

  protected static Map<String, String> fields(String... keyValues) {
    Map<String, String> map = new LinkedHashMap<>();
    for (int i = 0; i + 1 < keyValues.length; i += 2) {
      map.put(keyValues[i], keyValues[i + 1]);
    }
    return map;
  }
}
