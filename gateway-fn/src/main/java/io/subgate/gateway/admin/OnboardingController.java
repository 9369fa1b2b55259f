package io.subgate.gateway.admin;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.json.JsonMapper;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.subgate.account.Account;
import io.subgate.account.AccountRepository;
import io.subgate.account.AccountType;
import io.subgate.account.NewAccount;
import io.subgate.account.OAuthCredentials;
import io.subgate.account.Platform;
import io.subgate.account.UnknownEntityException;
import io.subgate.egress.EgressProxy;
import io.subgate.gateway.admin.AdminViews.AccountView;
import io.subgate.login.CodeExchange;
import io.subgate.login.LoginSessions;
import io.subgate.login.Logins;
import io.subgate.routing.CandidateCache;
import io.subgate.token.PlatformTokenClients;
import io.subgate.token.RefreshFailure;
import io.subgate.token.TokenLifecycle;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Adding subscriptions the way their owners sign in (sub2api §8): {@code POST
 * /admin/oauth/{platform}/authorize} gives the URL of the platform's own client's sign-in (PKCE;
 * the verifier stays here under the state for 10 minutes, single use); {@code POST
 * /admin/oauth/{platform}/exchange} takes the code (or the pasted callback URL) and creates the
 * account — or re-authorizes {@code account_id} — with the tokens, the Codex account id from the id
 * token, the Google project from Code Assist. {@code POST /admin/accounts/import} reads a native
 * client's own credential file and tries its refresh token once before saving anything.
 */
@Controller
@ExecuteOn(TaskExecutors.BLOCKING)
public class OnboardingController {
  private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);

  private final Logins logins;
  private final LoginSessions sessions;
  private final CodeExchange exchange;
  private final AccountRepository accounts;
  private final AccountCredentials credentials;
  private final NativeCredentialFiles files;
  private final PlatformTokenClients tokenClients;
  private final TokenLifecycle tokens;
  private final CandidateCache candidates;
  private final AdminAudit audit;
  private final AccountEgress egress;
  private final JsonMapper json;
  private final Clock clock;

  public OnboardingController(
      Logins logins,
      LoginSessions sessions,
      CodeExchange exchange,
      AccountRepository accounts,
      AccountCredentials credentials,
      NativeCredentialFiles files,
      PlatformTokenClients tokenClients,
      TokenLifecycle tokens,
      CandidateCache candidates,
      AdminAudit audit,
      AccountEgress egress,
      JsonMapper json,
      Clock clock) {
    this.egress = egress;
    this.logins = logins;
    this.sessions = sessions;
    this.exchange = exchange;
    this.accounts = accounts;
    this.credentials = credentials;
    this.files = files;
    this.tokenClients = tokenClients;
    this.tokens = tokens;
    this.candidates = candidates;
    this.audit = audit;
    this.json = json;
    this.clock = clock;
  }

  /** Body (optional) {@code {"kind":"oauth"|"setup-token"}}; setup tokens are Anthropic's. */
  @Post(
      value = "/admin/oauth/{platform}/authorize",
      consumes = MediaType.ALL,
      produces = MediaType.APPLICATION_JSON)
  public Map<String, Object> authorize(@PathVariable String platform, @Body @Nullable String body) {
    Platform p = platform(platform);
    String kind =
        body == null || body.isBlank()
            ? Logins.OAUTH
            : Optional.ofNullable(JsonFields.parse(json, body).optionalString("kind", 20))
                .orElse(Logins.OAUTH);
    if (!kind.equals(Logins.OAUTH) && !kind.equals(Logins.SETUP_TOKEN)) {
      throw new InvalidFieldException("kind", "must be oauth or setup-token");
    }
    if (kind.equals(Logins.SETUP_TOKEN) && p != Platform.ANTHROPIC) {
      throw new InvalidFieldException("kind", "setup tokens exist for anthropic only");
    }
    Logins.Started started = logins.start(p, kind);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("authorization_url", started.authorizationUrl());
    out.put("state", started.state());
    out.put("expires_at", started.expiresAt());
    return out;
  }

  /**
   * Body {@code {state, code | callback_url, name, priority?, concurrency?, models?, proxy_id?}},
   * or {@code account_id} instead of {@code name} to re-authorize an account. The code is exchanged
   * through the egress proxy the account will use ({@code proxy_id}, or the re-authorized account's
   * own). An unknown, expired or reused state is a 400 and stores nothing.
   */
  @Post(
      value = "/admin/oauth/{platform}/exchange",
      consumes = MediaType.ALL,
      produces = MediaType.APPLICATION_JSON)
  public HttpResponse<AccountView> exchange(
      @PathVariable String platform, @Body @Nullable String body) throws InterruptedException {
    Platform p = platform(platform);
    JsonFields f = JsonFields.parse(json, body);
    String code = f.optionalString("code", 4_096);
    String state = f.optionalString("state", 200);
    String callback = f.optionalString("callback_url", 8_192);
    if (callback != null) {
      Map<String, String> query = query(callback);
      code = query.getOrDefault("code", code);
      state = query.getOrDefault("state", state);
    }
    if (code != null && code.contains("#")) {
      // Claude's callback page shows "<code>#<state>" to paste.
      state = state == null ? code.substring(code.indexOf('#') + 1) : state;
      code = code.substring(0, code.indexOf('#'));
    }
    if (code == null || code.isBlank()) {
      throw f.invalid("code", "is required (or callback_url, the address the sign-in ended on)");
    }
    if (state == null || state.isBlank()) {
      throw f.invalid(
          "state", "is required: the state of POST /admin/oauth/" + platform + "/authorize");
    }
    Long reauthorize = f.has("account_id") ? f.requiredLong("account_id") : null;
    String name = reauthorize == null ? f.requiredString("name", 200) : null;
    Long proxyId =
        f.has("proxy_id") || reauthorize == null
            ? f.optionalId("proxy_id")
            : accounts.findById(reauthorize).map(Account::proxyId).orElse(null);
    EgressProxy via = egress.resolve(f, proxyId);
    LoginSessions.Session session =
        sessions
            .take(state, clock.instant(), Logins.TTL)
            .filter(s -> s.platform() == p)
            .orElseThrow(
                () ->
                    f.invalid(
                        "state",
                        "is unknown, expired (10 min) or already used; start the sign-in again"));
    OAuthCredentials got;
    try {
      got = exchange.exchange(session, code, CALL_TIMEOUT, via);
    } catch (CodeExchange.Refused e) {
      throw f.invalid("code", "was refused: " + e.getMessage());
    }
    if (p == Platform.OPENAI && got.upstreamAccountId() == null) {
      throw f.invalid("code", "the login's id_token carries no chatgpt_account_id");
    }
    got = credentials.withProject(got, p, "code", via);
    AccountType type =
        session.kind().equals(Logins.SETUP_TOKEN) ? AccountType.SETUP_TOKEN : AccountType.OAUTH;
    if (reauthorize != null) {
      return HttpResponse.ok(reauthorized(reauthorize, p, got, "account.reauthorize"));
    }
    return HttpResponse.created(
        created(f, String.valueOf(name), p, type, got, proxyId, "account.oauth"));
  }

  /**
   * Body {@code {platform, name, file, priority?, concurrency?, models?}}: {@code file} is the
   * native client's credential file as text — Claude Code's {@code .credentials.json}, the Codex
   * CLI's {@code auth.json}, the Gemini CLI's {@code oauth_creds.json}. Its refresh token is tried
   * once; the account is saved with what that refresh returned.
   */
  @Post(
      value = "/admin/accounts/import",
      consumes = MediaType.ALL,
      produces = MediaType.APPLICATION_JSON)
  public HttpResponse<AccountView> importFile(@Body @Nullable String body)
      throws InterruptedException {
    JsonFields f = JsonFields.parse(json, body);
    Platform p = f.requiredChoice("platform", Platform::fromWire);
    String name = f.requiredString("name", 200);
    OAuthCredentials read = files.read(p, f.requiredString("file", 65_536));
    Long proxyId = f.optionalId("proxy_id");
    EgressProxy via = egress.resolve(f, proxyId);
    OAuthCredentials refreshed;
    try {
      refreshed = tokenClients.client(p).refresh(read, CALL_TIMEOUT, proxyId);
    } catch (RefreshFailure e) {
      throw f.invalid(
          "file",
          "its refresh token did not refresh ("
              + e.kind()
              + ": "
              + e.getMessage()
              + "); nothing was saved");
    }
    if (p == Platform.OPENAI && refreshed.upstreamAccountId() == null) {
      throw f.invalid("file", "carries no ChatGPT account id (tokens.account_id or id_token)");
    }
    refreshed = credentials.withProject(refreshed, p, "file", via);
    return HttpResponse.created(
        created(f, name, p, AccountType.OAUTH, refreshed, proxyId, "account.import"));
  }

  private AccountView created(
      JsonFields f,
      String name,
      Platform p,
      AccountType type,
      OAuthCredentials got,
      @Nullable Long proxyId,
      String action) {
    Account account =
        accounts.create(
            new NewAccount(
                name,
                p,
                type,
                f.optionalInt("priority", NewAccount.DEFAULT_PRIORITY, 0, 10_000),
                f.optionalInt("concurrency", NewAccount.DEFAULT_CONCURRENCY, 1, 1_000),
                got,
                f.optionalStringList("models", 200, 200)));
    account = egress.keep(account, proxyId);
    candidates.invalidateAll();
    AccountView view = AccountView.of(account, clock);
    audit.record(action, "account:" + account.id(), null, view);
    return view;
  }

  private AccountView reauthorized(long id, Platform p, OAuthCredentials got, String action) {
    Account before =
        accounts
            .findById(id)
            .filter(a -> !a.deleted() && a.platform() == p)
            .orElseThrow(() -> new UnknownEntityException("account", id));
    if (!accounts.compareAndSetCredentials(id, before.credentialsVersion(), got)) {
      throw new ConflictException(
          "account_id", "the account's credentials changed meanwhile; sign in again");
    }
    tokens.forget(before);
    accounts.setStatus(id, io.subgate.account.AccountStatus.ACTIVE);
    candidates.invalidateAll();
    AccountView after =
        AccountView.of(
            accounts.findById(id).orElseThrow(() -> new UnknownEntityException("account", id)),
            clock);
    audit.record(action, "account:" + id, AccountView.of(before, clock), after);
    return after;
  }

  private static Platform platform(String raw) {
    try {
      return Platform.fromWire(raw);
    } catch (IllegalArgumentException e) {
      throw new InvalidFieldException("platform", String.valueOf(e.getMessage()));
    }
  }

  private static Map<String, String> query(String url) {
    Map<String, String> out = new LinkedHashMap<>();
    String query;
    try {
      query = URI.create(url.trim()).getRawQuery();
    } catch (IllegalArgumentException e) {
      throw new InvalidFieldException("callback_url", "is not a URL");
    }
    if (query == null) {
      return out;
    }
    for (String pair : query.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        out.put(
            pair.substring(0, eq),
            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    return out;
  }
}
