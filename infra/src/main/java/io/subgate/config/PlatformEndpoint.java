package io.subgate.config;

import io.subgate.account.Platform;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Where a platform lives and how its OAuth client identifies itself.
 *
 * @param apiBaseUrl inference API base of API-key accounts (no trailing slash)
 * @param oauthApiBaseUrl inference API base of OAuth accounts where it differs (OpenAI: the Codex
 *     backend; Antigravity: a comma-separated list tried in order); the same as {@code apiBaseUrl}
 *     elsewhere
 * @param tokenUrl OAuth token endpoint used for refresh
 * @param clientId OAuth client id
 * @param clientSecret OAuth client secret, required by the Google platforms
 * @param scope scope sent with refresh requests, when the platform wants one
 */
public record PlatformEndpoint(
    Platform platform,
    String apiBaseUrl,
    String oauthApiBaseUrl,
    String tokenUrl,
    String clientId,
    @Nullable String clientSecret,
    @Nullable String scope) {

  /** The OAuth inference bases in the order they are tried (one for most platforms). */
  public List<String> oauthApiBaseUrls() {
    return List.of(oauthApiBaseUrl.split(","));
  }

  /** The first (or only) OAuth inference base. */
  public String oauthApiBase() {
    return oauthApiBaseUrls().get(0);
  }

  /** What is missing for a refresh call, or empty when the endpoint is complete. */
  public String missingForRefresh() {
    StringBuilder missing = new StringBuilder();
    if (tokenUrl.isBlank()) {
      missing.append("token-url ");
    }
    if (clientId.isBlank()) {
      missing.append("client-id ");
    }
    boolean google = platform == Platform.GEMINI || platform == Platform.ANTIGRAVITY;
    if (google && (clientSecret == null || clientSecret.isBlank())) {
      missing.append("client-secret ");
    }
    return missing.toString().trim();
  }
}
