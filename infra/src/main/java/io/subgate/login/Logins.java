package io.subgate.login;

import io.micronaut.core.value.PropertyResolver;
import io.subgate.account.Platform;
import io.subgate.config.PlatformEndpoints;
import jakarta.inject.Singleton;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Starts the sign-in of each platform's own OAuth client (sub2api §8; the account then serves that
 * client only): the authorization URL with a PKCE S256 challenge and a random state, whose verifier
 * and redirect URI are kept in {@link LoginSessions} for {@link #TTL}. {@code
 * subgate.platforms.<p>.authorize-url} and {@code .redirect-uri} override the providers' values.
 */
@Singleton
public final class Logins {
  public static final Duration TTL = Duration.ofMinutes(10);
  public static final String OAUTH = "oauth";
  public static final String SETUP_TOKEN = "setup-token";
  static final Duration SETUP_TOKEN_LIFETIME = Duration.ofDays(365);

  private static final String GOOGLE_SCOPES =
      "https://www.googleapis.com/auth/cloud-platform"
          + " https://www.googleapis.com/auth/userinfo.email"
          + " https://www.googleapis.com/auth/userinfo.profile";

  private final PlatformEndpoints endpoints;
  private final PropertyResolver properties;
  private final LoginSessions sessions;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();

  public Logins(
      PlatformEndpoints endpoints,
      PropertyResolver properties,
      LoginSessions sessions,
      Clock clock) {
    this.endpoints = endpoints;
    this.properties = properties;
    this.sessions = sessions;
    this.clock = clock;
  }

  /** A started login: where to send the user, and the state that will come back. */
  public record Started(String authorizationUrl, String state, java.time.Instant expiresAt) {}

  /**
   * @param kind {@link #OAUTH}, or {@link #SETUP_TOKEN} (Anthropic: an inference-only token valid a
   *     year)
   */
  public Started start(Platform platform, String kind) {
    LoginSpec spec = spec(platform, kind);
    String verifier = randomToken(32);
    String state = randomToken(24);
    sessions.save(
        new LoginSessions.Session(
            state, platform, kind, verifier, spec.redirectUri(), clock.instant()));
    Map<String, String> params = new LinkedHashMap<>();
    if (platform == Platform.ANTHROPIC) {
      params.put("code", "true");
    }
    params.put("client_id", endpoints.of(platform).clientId());
    params.put("response_type", "code");
    params.put("redirect_uri", spec.redirectUri());
    params.put("scope", spec.scope());
    params.put("code_challenge", challenge(verifier));
    params.put("code_challenge_method", "S256");
    params.put("state", state);
    params.putAll(spec.extraParams());
    StringBuilder url = new StringBuilder(spec.authorizeUrl()).append('?');
    params.forEach(
        (k, v) ->
            url.append(k)
                .append('=')
                .append(URLEncoder.encode(v, StandardCharsets.UTF_8))
                .append('&'));
    url.setLength(url.length() - 1);
    return new Started(url.toString(), state, clock.instant().plus(TTL));
  }

  /** The sign-in of {@code platform}'s own client. */
  public LoginSpec spec(Platform platform, String kind) {
    if (kind.equals(SETUP_TOKEN) && platform != Platform.ANTHROPIC) {
      throw new IllegalArgumentException("setup tokens exist for anthropic only");
    }
    LoginSpec d = defaults(platform, kind);
    String prefix = "subgate.platforms." + platform.wireName() + ".";
    return new LoginSpec(
        properties.get(prefix + "authorize-url", String.class).orElse(d.authorizeUrl()),
        properties.get(prefix + "redirect-uri", String.class).orElse(d.redirectUri()),
        d.scope(),
        d.extraParams(),
        d.tokenForm());
  }

  static LoginSpec defaults(Platform platform, String kind) {
    switch (platform) {
      case ANTHROPIC:
        return new LoginSpec(
            "https://claude.ai/oauth/authorize",
            "https://platform.claude.com/oauth/code/callback",
            kind.equals(SETUP_TOKEN)
                ? "user:inference"
                : "org:create_api_key user:profile user:inference",
            Map.of(),
            false);
      case OPENAI:
        return new LoginSpec(
            "https://auth.openai.com/oauth/authorize",
            "http://localhost:1455/auth/callback",
            "openid profile email offline_access",
            Map.of("id_token_add_organizations", "true", "codex_cli_simplified_flow", "true"),
            true);
      case GEMINI:
        return new LoginSpec(
            "https://accounts.google.com/o/oauth2/v2/auth",
            "https://codeassist.google.com/authcode",
            GOOGLE_SCOPES,
            Map.of("access_type", "offline", "prompt", "consent"),
            true);
      default:
        return new LoginSpec(
            "https://accounts.google.com/o/oauth2/v2/auth",
            "http://localhost:51121/oauth-callback",
            GOOGLE_SCOPES
                + " https://www.googleapis.com/auth/cclog"
                + " https://www.googleapis.com/auth/experimentsandconfigs",
            Map.of("access_type", "offline", "prompt", "consent"),
            true);
    }
  }

  /** The PKCE S256 challenge of {@code verifier}. */
  public static String challenge(String verifier) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private String randomToken(int bytes) {
    byte[] raw = new byte[bytes];
    random.nextBytes(raw);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
  }
}
