package io.subgate.config;

import io.micronaut.core.value.PropertyResolver;
import io.subgate.account.Platform;
import jakarta.inject.Singleton;
import java.util.EnumMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Endpoints of every platform, from {@code subgate.platforms.<platform>.*} with the real provider
 * endpoints as defaults. {@code oauth-api-base-url} defaults to {@code api-base-url} except where
 * OAuth accounts have their own backend (OpenAI: {@code https://chatgpt.com/backend-api/codex};
 * Gemini: Code Assist, {@code https://cloudcode-pa.googleapis.com}, where API keys use AI Studio;
 * Antigravity: the daily host, then production, as a comma-separated list tried in order). The
 * Google platforms' client secrets default to the ones their installed-app clients (Gemini CLI,
 * Antigravity) publish with them. Each key is overridable by environment variable, e.g. {@code
 * SUBGATE_PLATFORMS_ANTHROPIC_TOKEN_URL}.
 */
@Singleton
public final class PlatformEndpoints {
  // Installed-app OAuth clients cannot keep a secret: these ship inside the Gemini CLI and the
  // Antigravity client and are public (Google documents installed-app secrets as not secret).
  static final String GEMINI_CLI_PUBLISHED_SECRET = "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";
  static final String ANTIGRAVITY_PUBLISHED_SECRET = "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";

  private final Map<Platform, PlatformEndpoint> endpoints = new EnumMap<>(Platform.class);

  public PlatformEndpoints(PropertyResolver properties) {
    for (Platform platform : Platform.values()) {
      PlatformEndpoint d = defaults(platform);
      String prefix = "subgate.platforms." + platform.wireName() + ".";
      String apiBase = stripSlash(get(properties, prefix + "api-base-url", d.apiBaseUrl()));
      boolean ownOAuthBase = !d.oauthApiBaseUrl().equals(d.apiBaseUrl());
      endpoints.put(
          platform,
          new PlatformEndpoint(
              platform,
              apiBase,
              stripSlashes(
                  get(
                      properties,
                      prefix + "oauth-api-base-url",
                      ownOAuthBase ? d.oauthApiBaseUrl() : apiBase)),
              get(properties, prefix + "token-url", d.tokenUrl()),
              get(properties, prefix + "client-id", d.clientId()),
              getOptional(properties, prefix + "client-secret", d.clientSecret()),
              getOptional(properties, prefix + "scope", d.scope())));
    }
  }

  public PlatformEndpoint of(Platform platform) {
    PlatformEndpoint endpoint = endpoints.get(platform);
    if (endpoint == null) {
      throw new IllegalStateException("no endpoint for " + platform);
    }
    return endpoint;
  }

  static PlatformEndpoint defaults(Platform platform) {
    switch (platform) {
      case ANTHROPIC:
        return new PlatformEndpoint(
            platform,
            "https://api.anthropic.com",
            "https://api.anthropic.com",
            "https://platform.claude.com/v1/oauth/token",
            "9d1c250a-e61b-44d9-88ed-5944d1962f5e",
            null,
            null);
      case OPENAI:
        return new PlatformEndpoint(
            platform,
            "https://api.openai.com",
            "https://chatgpt.com/backend-api/codex",
            "https://auth.openai.com/oauth/token",
            "app_EMoamEEZ73f0CkXaXp7hrann",
            null,
            "openid profile email");
      case GEMINI:
        return new PlatformEndpoint(
            platform,
            "https://generativelanguage.googleapis.com",
            "https://cloudcode-pa.googleapis.com",
            "https://oauth2.googleapis.com/token",
            "681255809395-oo8ft2oprdrnp9e3aqf6av3hmdib135j.apps.googleusercontent.com",
            GEMINI_CLI_PUBLISHED_SECRET,
            null);
      case ANTIGRAVITY:
        return new PlatformEndpoint(
            platform,
            "https://cloudcode-pa.googleapis.com",
            "https://daily-cloudcode-pa.googleapis.com,https://cloudcode-pa.googleapis.com",
            "https://oauth2.googleapis.com/token",
            "1071006060591-tmhssin2h21lcre235vtolojh4g403ep.apps.googleusercontent.com",
            ANTIGRAVITY_PUBLISHED_SECRET,
            null);
    }
    throw new IllegalArgumentException("unknown platform " + platform);
  }

  private static String get(PropertyResolver properties, String key, String fallback) {
    return properties.get(key, String.class).orElse(fallback);
  }

  private static @Nullable String getOptional(
      PropertyResolver properties, String key, @Nullable String fallback) {
    return properties.get(key, String.class).orElse(fallback);
  }

  private static String stripSlashes(String urls) {
    StringBuilder out = new StringBuilder();
    for (String url : urls.split(",")) {
      if (!url.isBlank()) {
        out.append(out.length() == 0 ? "" : ",").append(stripSlash(url.trim()));
      }
    }
    return out.toString();
  }

  private static String stripSlash(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }
}
