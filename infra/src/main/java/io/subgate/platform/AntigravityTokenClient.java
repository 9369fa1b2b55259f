package io.subgate.platform;

import io.micronaut.json.JsonMapper;
import io.subgate.account.OAuthCredentials;
import io.subgate.account.Platform;
import io.subgate.config.PlatformEndpoints;
import io.subgate.egress.EgressProxy;
import io.subgate.egress.EgressRoutes;
import io.subgate.egress.OAuthHttp;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.jspecify.annotations.Nullable;

/**
 * Antigravity: Google's token endpoint, plus a best-effort project lookup ({@link
 * CodeAssistProjects}, production host first, then daily) that fills a missing project id after a
 * refresh. A failed lookup keeps the credentials as they are (the request path names the missing
 * project) and is not retried for 5 minutes for the same refresh token.
 */
@Singleton
public final class AntigravityTokenClient extends GoogleTokenClient {
  static final Duration BACKFILL_COOLDOWN = Duration.ofMinutes(5);

  private final Clock clock;
  private final CodeAssistProjects projects;
  private final ConcurrentMap<String, Instant> lastBackfill = new ConcurrentHashMap<>();

  public AntigravityTokenClient(
      PlatformEndpoints endpoints,
      OAuthHttp http,
      EgressRoutes routes,
      JsonMapper json,
      Clock clock,
      CodeAssistProjects projects) {
    super(endpoints, http, routes, json, clock);
    this.clock = clock;
    this.projects = projects;
  }

  @Override
  public Platform platform() {
    return Platform.ANTIGRAVITY;
  }

  @Override
  protected OAuthCredentials afterRefresh(
      OAuthCredentials refreshed, Duration timeout, @Nullable EgressProxy via) {
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
    // Helper calls go to production first (sub2api §4.1), inference to the daily host first.
    List<String> bases = new ArrayList<>(endpoints().of(Platform.ANTIGRAVITY).oauthApiBaseUrls());
    Collections.reverse(bases);
    try {
      return refreshed.withProjectId(
          projects.discover(refreshed.accessToken(), bases, timeout, via));
    } catch (CodeAssistProjects.NotFound e) {
      return refreshed;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return refreshed;
    }
  }
}
