package io.subgate.gateway.proxy;

import io.subgate.account.Account;
import io.subgate.account.Platform;
import io.subgate.account.StaticKeyCredentials;
import io.subgate.config.PlatformEndpoints;
import io.subgate.token.CachedToken;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Sends a request to the selected account's upstream with that account's credentials. The body
 * passes through unchanged; only authentication and the headers the upstream requires are set.
 */
@Singleton
public final class UpstreamClient {
  static final String ANTHROPIC_VERSION = "2023-06-01";
  static final String OAUTH_BETA = "oauth-2025-04-20";

  private final PlatformEndpoints endpoints;
  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .followRedirects(HttpClient.Redirect.NEVER)
          .build();

  public UpstreamClient(PlatformEndpoints endpoints) {
    this.endpoints = endpoints;
  }

  /** Client headers worth forwarding, already read from the request. */
  public record PassHeaders(String anthropicVersion, String anthropicBeta) {}

  /**
   * Sends the request and returns once the upstream's status and headers have arrived; the body is
   * read by the caller as it comes (and must be closed).
   */
  public HttpResponse<InputStream> open(
      Account account,
      CachedToken token,
      String path,
      byte[] body,
      PassHeaders pass,
      Duration timeout)
      throws IOException, InterruptedException {
    String base = endpoints.of(account.platform()).apiBaseUrl();
    if (account.credentials() instanceof StaticKeyCredentials key && key.baseUrl() != null) {
      base = stripSlash(String.valueOf(key.baseUrl()));
    }
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(base + path))
            .timeout(timeout)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    boolean oauth = account.type().usesOAuth();
    if (account.platform() == Platform.ANTHROPIC) {
      request.header(
          "anthropic-version",
          pass.anthropicVersion().isEmpty() ? ANTHROPIC_VERSION : pass.anthropicVersion());
      String beta = pass.anthropicBeta();
      if (oauth) {
        beta = beta.isEmpty() ? OAUTH_BETA : beta + "," + OAUTH_BETA;
      }
      if (!beta.isEmpty()) {
        request.header("anthropic-beta", beta);
      }
      if (oauth) {
        request.header("Authorization", "Bearer " + token.accessToken());
      } else {
        request.header("x-api-key", token.accessToken());
      }
    } else {
      request.header("Authorization", "Bearer " + token.accessToken());
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
  }

  private static String stripSlash(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }
}
