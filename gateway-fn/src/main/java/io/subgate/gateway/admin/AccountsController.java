package io.subgate.gateway.admin;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.json.JsonMapper;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.subgate.account.Account;
import io.subgate.account.AccountRepository;
import io.subgate.account.AccountType;
import io.subgate.account.Credentials;
import io.subgate.account.NewAccount;
import io.subgate.account.OAuthCredentials;
import io.subgate.account.Platform;
import io.subgate.account.StaticKeyCredentials;
import io.subgate.account.UnknownEntityException;
import io.subgate.config.PlatformEndpoints;
import io.subgate.gateway.admin.AdminViews.AccountList;
import io.subgate.gateway.admin.AdminViews.AccountView;
import io.subgate.gateway.dialect.DialectRegistry;
import io.subgate.platform.CodeAssistProjects;
import io.subgate.platform.OpenAiIdToken;
import io.subgate.routing.CandidateCache;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * {@code /admin/accounts}: create, list and get accounts. A Gemini or Antigravity subscription
 * created without {@code project_id} gets its project from Code Assist before it is stored.
 */
@Controller("/admin/accounts")
// JDBC blocks: never on the Netty event loop.
@ExecuteOn(TaskExecutors.BLOCKING)
public class AccountsController {
  private static final int MAX_PAGE = 500;
  private static final Duration DISCOVERY_TIMEOUT = Duration.ofSeconds(30);

  private final AccountRepository accounts;
  private final JsonMapper json;
  private final Clock clock;
  private final CandidateCache candidates;
  private final CodeAssistProjects projects;
  private final PlatformEndpoints endpoints;

  public AccountsController(
      AccountRepository accounts,
      JsonMapper json,
      Clock clock,
      CandidateCache candidates,
      CodeAssistProjects projects,
      PlatformEndpoints endpoints) {
    this.accounts = accounts;
    this.candidates = candidates;
    this.json = json;
    this.clock = clock;
    this.projects = projects;
    this.endpoints = endpoints;
  }

  @Post(consumes = MediaType.ALL, produces = MediaType.APPLICATION_JSON)
  public HttpResponse<AccountView> create(@Body @Nullable String body) {
    JsonFields f = JsonFields.parse(json, body);
    String name = f.requiredString("name", 200);
    Platform platform = f.requiredChoice("platform", Platform::fromWire);
    AccountType type = f.requiredChoice("type", AccountType::fromWire);
    int priority = f.optionalInt("priority", NewAccount.DEFAULT_PRIORITY, 0, 10_000);
    int concurrency = f.optionalInt("concurrency", NewAccount.DEFAULT_CONCURRENCY, 1, 1_000);
    if (!DialectRegistry.accountTypes(platform).contains(type)) {
      throw new InvalidFieldException(
          "type",
          platform.wireName()
              + " has no "
              + type.wireName()
              + " accounts; it has "
              + DialectRegistry.accountTypes(platform).stream()
                  .map(AccountType::wireName)
                  .sorted()
                  .toList());
    }
    Credentials credentials = credentials(f.requiredObject("credentials"), platform, type);
    List<String> models = f.optionalStringList("models", 200, 200);
    Account created =
        accounts.create(
            new NewAccount(name, platform, type, priority, concurrency, credentials, models));
    candidates.invalidateAll();
    return HttpResponse.created(AccountView.of(created, clock));
  }

  @Get(produces = MediaType.APPLICATION_JSON)
  public AccountList list(
      @QueryValue(value = "after_id", defaultValue = "0") long afterId,
      @QueryValue(defaultValue = "100") int limit) {
    if (limit < 1 || limit > MAX_PAGE) {
      throw new InvalidFieldException("limit", "must be between 1 and " + MAX_PAGE);
    }
    List<AccountView> page =
        accounts.listAfter(afterId, limit).stream().map(a -> AccountView.of(a, clock)).toList();
    Long next = page.size() == limit ? page.get(page.size() - 1).id() : null;
    return new AccountList(page, next);
  }

  @Get(value = "/{id}", produces = MediaType.APPLICATION_JSON)
  public AccountView get(@PathVariable long id) {
    return accounts
        .findById(id)
        .map(a -> AccountView.of(a, clock))
        .orElseThrow(() -> new UnknownEntityException("account", id));
  }

  private Credentials credentials(JsonFields c, Platform platform, AccountType type) {
    if (type.usesOAuth()) {
      String accessToken = c.requiredString("access_token", 16_384);
      String project = c.optionalString("project_id", 200);
      if ((project == null || project.isBlank())
          && (platform == Platform.GEMINI || platform == Platform.ANTIGRAVITY)) {
        project = discoverProject(c, platform, accessToken);
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
    return new StaticKeyCredentials(c.requiredString("api_key", 16_384), baseUrl);
  }

  /**
   * A Code Assist account's project, found the way its own client finds it ({@code loadCodeAssist},
   * then {@code onboardUser}); a 400 naming {@code project_id} when there is none.
   */
  private String discoverProject(JsonFields c, Platform platform, String accessToken) {
    List<String> bases = new ArrayList<>(endpoints.of(platform).oauthApiBaseUrls());
    if (platform == Platform.ANTIGRAVITY) {
      Collections.reverse(bases);
    }
    try {
      return projects.discover(accessToken, bases, DISCOVERY_TIMEOUT);
    } catch (CodeAssistProjects.NotFound e) {
      throw c.invalid(
          "project_id", "was not given and Code Assist found none (" + e.getMessage() + ")");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw c.invalid("project_id", "was not given and the lookup was interrupted");
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
