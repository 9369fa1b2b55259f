package io.subgate.platform;

import io.micronaut.json.JsonMapper;
import io.subgate.account.OAuthCredentials;
import io.subgate.account.Platform;
import io.subgate.config.PlatformEndpoints;
import io.subgate.egress.EgressProxy;
import io.subgate.egress.EgressRoutes;
import io.subgate.egress.OAuthHttp;
import io.subgate.token.RefreshFailure;
import io.subgate.token.RefreshFailure.Kind;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * Gemini Code Assist OAuth (the Gemini CLI's client). An account without a project gets one after
 * the refresh ({@link CodeAssistProjects}); one that has none to get fails with {@link
 * Kind#NO_PROJECT}, which puts it in error state with the reason.
 */
@Singleton
public final class GeminiTokenClient extends GoogleTokenClient {
  private final CodeAssistProjects projects;

  public GeminiTokenClient(
      PlatformEndpoints endpoints,
      OAuthHttp http,
      EgressRoutes routes,
      JsonMapper json,
      Clock clock,
      CodeAssistProjects projects) {
    super(endpoints, http, routes, json, clock);
    this.projects = projects;
  }

  @Override
  public Platform platform() {
    return Platform.GEMINI;
  }

  @Override
  protected OAuthCredentials afterRefresh(
      OAuthCredentials refreshed, Duration timeout, @Nullable EgressProxy via)
      throws RefreshFailure {
    String project = refreshed.projectId();
    if (project != null && !project.isBlank()) {
      return refreshed;
    }
    try {
      return refreshed.withProjectId(
          projects.discover(
              refreshed.accessToken(),
              endpoints().of(Platform.GEMINI).oauthApiBaseUrls(),
              timeout,
              via));
    } catch (CodeAssistProjects.NotFound e) {
      throw new RefreshFailure(
          e.retryable() ? Kind.TRANSIENT : Kind.NO_PROJECT,
          "gemini account has no Code Assist project: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RefreshFailure(Kind.TRANSIENT, "interrupted while finding the project", e);
    }
  }
}
