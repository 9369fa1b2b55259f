package io.subgate.gateway.admin;

import io.micronaut.json.JsonMapper;
import io.subgate.account.Account;
import io.subgate.account.AccountType;
import io.subgate.account.OAuthCredentials;
import io.subgate.account.Platform;
import io.subgate.account.StaticKeyCredentials;
import io.subgate.config.PlatformEndpoints;
import io.subgate.egress.EgressProxy;
import io.subgate.egress.EgressRoutes;
import io.subgate.egress.EgressUnavailableException;
import io.subgate.egress.OAuthHttp;
import io.subgate.platform.CodeAssistProjects;
import io.subgate.token.CachedToken;
import io.subgate.token.TokenLifecycle;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * An operator's health check of one account, step by step: an API key reads its provider's model
 * list (a real, tiny, free request); a subscription is refreshed through the lifecycle's locked
 * flow, then reads what its own client reads: Claude's and Codex's usage windows, a Google
 * account's Code Assist project. No generation request is ever sent in a client's name. Each step
 * is reported as it ends.
 */
@Singleton
final class AccountCheck {
  private static final Duration TIMEOUT = Duration.ofSeconds(20);

  /** One step's outcome. */
  record Step(String step, boolean ok, String detail) {}

  private final TokenLifecycle tokens;
  private final CodeAssistProjects projects;
  private final PlatformEndpoints endpoints;
  private final OAuthHttp http;
  private final EgressRoutes routes;
  private final JsonMapper json;

  AccountCheck(
      TokenLifecycle tokens,
      CodeAssistProjects projects,
      PlatformEndpoints endpoints,
      OAuthHttp http,
      EgressRoutes routes,
      JsonMapper json) {
    this.json = json;
    this.routes = routes;
    this.tokens = tokens;
    this.projects = projects;
    this.endpoints = endpoints;
    this.http = http;
  }

  /** Runs the steps, handing each to {@code report} as it ends; true when all passed. */
  boolean run(Account account, Consumer<Step> report) throws InterruptedException {
    EgressProxy via;
    try {
      via = routes.of(account);
    } catch (EgressUnavailableException e) {
      report.accept(new Step("egress", false, String.valueOf(e.getMessage())));
      return false;
    }
    if (account.credentials() instanceof StaticKeyCredentials key) {
      Step models = models(account, key, via);
      report.accept(models);
      return models.ok();
    }
    if (!(account.credentials() instanceof OAuthCredentials)) {
      report.accept(new Step("credentials", false, "no credentials to check"));
      return false;
    }
    Optional<CachedToken> fresh = tokens.forceRefresh(account, account.credentialsVersion());
    report.accept(
        new Step(
            "refresh",
            fresh.isPresent(),
            fresh.isPresent()
                ? "the token was refreshed through the locked flow"
                : "the provider did not refresh the token; the account's state says why"));
    if (fresh.isEmpty()) {
      return false;
    }
    Platform p = account.platform();
    if (p == Platform.ANTHROPIC || p == Platform.OPENAI) {
      Optional<Step> usage = usage(account, fresh.get().accessToken(), via);
      usage.ifPresent(report);
      return usage.map(Step::ok).orElse(true);
    }
    if (p != Platform.GEMINI && p != Platform.ANTIGRAVITY) {
      return true;
    }
    List<String> bases = new ArrayList<>(endpoints.of(p).oauthApiBaseUrls());
    if (p == Platform.ANTIGRAVITY) {
      Collections.reverse(bases);
    }
    try {
      String project = projects.discover(fresh.get().accessToken(), bases, TIMEOUT, via);
      report.accept(new Step("project", true, "Code Assist names project " + project));
      return true;
    } catch (CodeAssistProjects.NotFound e) {
      report.accept(new Step("project", false, String.valueOf(e.getMessage())));
      return false;
    }
  }

  /**
   * The subscription's own usage read, the one its client shows the user: Claude Code's {@code
   * /api/oauth/usage} (with the OAuth beta) and the Codex CLI's {@code /wham/usage} on the ChatGPT
   * backend (with the account id). A setup token's inference-only scope cannot read usage, so
   * refreshing is its whole check.
   */
  private Optional<Step> usage(Account account, String accessToken, @Nullable EgressProxy via)
      throws InterruptedException {
    String base = endpoints.of(account.platform()).oauthApiBaseUrl();
    HttpRequest.Builder request =
        HttpRequest.newBuilder()
            .timeout(TIMEOUT)
            .GET()
            .header("Authorization", "Bearer " + accessToken)
            .header("Accept", "application/json");
    if (account.platform() == Platform.ANTHROPIC) {
      if (account.type() == AccountType.SETUP_TOKEN) {
        return Optional.empty();
      }
      request
          .uri(URI.create(base.replaceAll("/v1$", "") + "/api/oauth/usage"))
          .header("anthropic-beta", "oauth-2025-04-20");
    } else {
      String accountId =
          account.credentials() instanceof OAuthCredentials o ? o.upstreamAccountId() : null;
      if (accountId == null || accountId.isBlank()) {
        return Optional.of(
            new Step(
                "usage", false, "the credentials name no ChatGPT account id to read usage of"));
      }
      request
          .uri(URI.create(base.replaceAll("/codex$", "") + "/wham/usage"))
          .header("ChatGPT-Account-Id", accountId);
    }
    try {
      HttpResponse<String> answer = http.send(request.build(), via);
      if (answer.statusCode() / 100 != 2) {
        return Optional.of(
            new Step("usage", false, "the provider's usage read answered " + answer.statusCode()));
      }
      return Optional.of(new Step("usage", true, UsageSummary.of(json, answer.body())));
    } catch (IOException e) {
      return Optional.of(
          new Step(
              "usage",
              false,
              "the provider did not answer (" + e.getClass().getSimpleName() + ")"));
    }
  }

  /**
   * The key's model list: Anthropic's and OpenAI's {@code /v1/models}, Gemini's {@code
   * /v1beta/models}.
   */
  private Step models(Account account, StaticKeyCredentials key, @Nullable EgressProxy via)
      throws InterruptedException {
    String base = endpoints.of(account.platform()).apiBaseUrl();
    if (key.baseUrl() != null) {
      base = String.valueOf(key.baseUrl()).replaceAll("/+$", "");
    }
    HttpRequest.Builder request = HttpRequest.newBuilder().timeout(TIMEOUT).GET();
    switch (account.platform()) {
      case ANTHROPIC:
        request
            .uri(URI.create(base.replaceAll("/v1$", "") + "/v1/models"))
            .header("x-api-key", key.apiKey())
            .header("anthropic-version", "2023-06-01");
        break;
      case ANTIGRAVITY:
        request
            .uri(URI.create(base.replaceAll("/v1$", "") + "/v1/models"))
            .header("Authorization", "Bearer " + key.apiKey())
            .header("x-api-key", key.apiKey())
            .header("anthropic-version", "2023-06-01");
        break;
      case GEMINI:
        request
            .uri(URI.create(base.replaceAll("/v1beta$", "") + "/v1beta/models"))
            .header("x-goog-api-key", key.apiKey());
        break;
      default:
        request
            .uri(URI.create(base.replaceAll("/v1$", "") + "/v1/models"))
            .header("Authorization", "Bearer " + key.apiKey());
    }
    try {
      HttpResponse<String> answer = http.send(request.build(), via);
      boolean ok = answer.statusCode() / 100 == 2;
      return new Step("models", ok, "the provider's model list answered " + answer.statusCode());
    } catch (IOException e) {
      return new Step(
          "models", false, "the provider did not answer (" + e.getClass().getSimpleName() + ")");
    }
  }
}
