package io.subgate.platform;

import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import io.subgate.account.OAuthCredentials;
import io.subgate.account.Platform;
import io.subgate.config.PlatformEndpoints;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.jspecify.annotations.Nullable;

/**
 * Antigravity: Google's token endpoint, plus a best-effort {@code loadCodeAssist} lookup that fills
 * a missing project id after a refresh. A failed lookup keeps the credentials as they are and is
 * not retried for 5 minutes for the same refresh token.
 */
@Singleton
public final class AntigravityTokenClient extends GoogleTokenClient {
  static final Duration BACKFILL_COOLDOWN = Duration.ofMinutes(5);

  private final Clock clock;
  private final ConcurrentMap<String, Instant> lastBackfill = new ConcurrentHashMap<>();

  public AntigravityTokenClient(
      PlatformEndpoints endpoints, java.net.http.HttpClient http, JsonMapper json, Clock clock) {
    super(endpoints, http, json, clock);
    this.clock = clock;
  }

  @Override
  public Platform platform() {
    return Platform.ANTIGRAVITY;
  }

  @Override
  protected OAuthCredentials afterRefresh(OAuthCredentials refreshed, Duration timeout) {
    String projectId = refreshed.projectId();
    if (projectId != null && !projectId.isBlank()) {
      return refreshed;
    }
    String cooldownKey = String.valueOf(refreshed.refreshToken());
    Instant now = clock.instant();
    Instant last = lastBackfill.get(cooldownKey);
    if (last != null && now.isBefore(last.plus(BACKFILL_COOLDOWN))) {
      return refreshed;
    }
    lastBackfill.put(cooldownKey, now);
    String found = loadProjectId(refreshed.accessToken(), timeout);
    if (found == null) {
      return refreshed;
    }
    return new OAuthCredentials(
        refreshed.accessToken(),
        refreshed.refreshToken(),
        refreshed.expiresAt(),
        refreshed.scope(),
        found,
        refreshed.upstreamAccountId());
  }

  private @Nullable String loadProjectId(String accessToken, Duration timeout) {
    String url = endpoints().of(Platform.ANTIGRAVITY).apiBaseUrl() + "/v1internal:loadCodeAssist";
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(url))
            .timeout(timeout)
            .header("Authorization", "Bearer " + accessToken)
            .header("Content-Type", "application/json")
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    "{\"metadata\":{\"ideType\":\"ANTIGRAVITY\",\"pluginType\":\"GEMINI\"}}"))
            .build();
    try {
      HttpResponse<String> response =
          http().send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      if (response.statusCode() != 200) {
        return null;
      }
      JsonNode body = json().readValue(response.body(), JsonNode.class);
      JsonNode project = body == null ? null : body.get("cloudaicompanionProject");
      if (project == null) {
        return null;
      }
      if (project.isString()) {
        return project.getStringValue();
      }
      return project.isObject() ? text(project, "id") : null;
    } catch (IOException | RuntimeException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }
}
