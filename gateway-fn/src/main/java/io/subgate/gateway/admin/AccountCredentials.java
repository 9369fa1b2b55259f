package io.subgate.gateway.admin;

import io.micronaut.json.JsonMapper;
import io.subgate.account.AccountType;
import io.subgate.account.Credentials;
import io.subgate.account.OAuthCredentials;
import io.subgate.account.Platform;
import io.subgate.account.StaticKeyCredentials;
import io.subgate.config.PlatformEndpoints;
import io.subgate.egress.EgressProxy;
import io.subgate.platform.CodeAssistProjects;
import io.subgate.platform.OpenAiIdToken;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The credentials of an account from an admin body, field by field: OAuth tokens (a Codex account's
 * ChatGPT account id given or read from its {@code id_token}; a Gemini or Antigravity subscription
 * without {@code project_id} gets its project from Code Assist), or an API key and its base URL.
 */
@Singleton
final class AccountCredentials {
  private static final Duration DISCOVERY_TIMEOUT = Duration.ofSeconds(30);

  private final JsonMapper json;
  private final CodeAssistProjects projects;
  private final PlatformEndpoints endpoints;

  AccountCredentials(JsonMapper json, CodeAssistProjects projects, PlatformEndpoints endpoints) {
    this.json = json;
    this.projects = projects;
    this.endpoints = endpoints;
  }

  Credentials of(JsonFields c, Platform platform, AccountType type) {
    return of(c, platform, type, null);
  }

  /** {@link #of(JsonFields, Platform, AccountType)}, any discovery made through {@code via}. */
  Credentials of(JsonFields c, Platform platform, AccountType type, @Nullable EgressProxy via) {
    if (type.usesOAuth() && c.has("model_mapping")) {
      throw c.invalid("model_mapping", "only API-key accounts map model names");
    }
    if (type.usesOAuth()) {
      String accessToken = c.requiredString("access_token", 16_384);
      String project = c.optionalString("project_id", 200);
      if ((project == null || project.isBlank())
          && (platform == Platform.GEMINI || platform == Platform.ANTIGRAVITY)) {
        project = discoverProject(platform, accessToken, c.invalid("project_id", "").field(), via);
      }
      return new OAuthCredentials(
          accessToken,
          c.optionalString("refresh_token", 16_384),
          c.optionalInstant("expires_at"),
          c.optionalString("scope", 1_000),
          project,
          platform == Platform.OPENAI
              ? chatgptAccountId(c)
              : c.optionalString("upstream_account_id", 200));
    }
    String baseUrl = c.optionalString("base_url", 2_000);
    if (type == AccountType.UPSTREAM && (baseUrl == null || baseUrl.isBlank())) {
      throw c.invalid("base_url", "is required for upstream accounts");
    }
    if (baseUrl != null && !baseUrl.startsWith("http://") && !baseUrl.startsWith("https://")) {
      throw c.invalid("base_url", "must be an http or https URL");
    }
    Map<String, String> mapping = c.optionalModelMapping("model_mapping");
    return new StaticKeyCredentials(
        c.requiredString("api_key", 16_384),
        baseUrl,
        mapping == null || mapping.isEmpty() ? null : mapping);
  }

  /**
   * {@code credentials} with the project a Gemini or Antigravity subscription needs (unchanged
   * elsewhere, or when it has one).
   *
   * @throws InvalidFieldException naming {@code field} when Code Assist has none for it
   */
  OAuthCredentials withProject(
      OAuthCredentials credentials, Platform platform, String field, @Nullable EgressProxy via) {
    String project = credentials.projectId();
    if ((project != null && !project.isBlank())
        || (platform != Platform.GEMINI && platform != Platform.ANTIGRAVITY)) {
      return credentials;
    }
    return credentials.withProjectId(
        discoverProject(platform, credentials.accessToken(), field, via));
  }

  /**
   * A Code Assist account's project, found the way its own client finds it ({@code loadCodeAssist},
   * then {@code onboardUser}); a 400 naming {@code field} when there is none.
   */
  private String discoverProject(
      Platform platform, String accessToken, String field, @Nullable EgressProxy via) {
    List<String> bases = new ArrayList<>(endpoints.of(platform).oauthApiBaseUrls());
    if (platform == Platform.ANTIGRAVITY) {
      Collections.reverse(bases);
    }
    try {
      return projects.discover(accessToken, bases, DISCOVERY_TIMEOUT, via);
    } catch (CodeAssistProjects.NotFound e) {
      throw new InvalidFieldException(
          field, "was not given and Code Assist found none (" + e.getMessage() + ")");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InvalidFieldException(field, "was not given and the lookup was interrupted");
    }
  }

  /**
   * A Codex account's ChatGPT account id: {@code upstream_account_id} as given, else read from the
   * {@code id_token} that OpenAI's login returned; the Codex backend refuses requests without it.
   */
  private String chatgptAccountId(JsonFields c) {
    String given = c.optionalString("upstream_account_id", 200);
    if (given != null && !given.isBlank()) {
      return given;
    }
    String idToken = c.optionalString("id_token", 16_384);
    if (idToken == null) {
      throw c.invalid(
          "upstream_account_id",
          "is required for openai oauth accounts (the ChatGPT account id); give it, or the"
              + " id_token of the login, which carries it");
    }
    return OpenAiIdToken.chatgptAccountId(json, idToken)
        .orElseThrow(
            () ->
                c.invalid(
                    "id_token",
                    "carries no chatgpt_account_id claim; give upstream_account_id instead"));
  }
}
