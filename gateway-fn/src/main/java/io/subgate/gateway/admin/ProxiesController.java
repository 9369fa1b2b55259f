package io.subgate.gateway.admin;

import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Patch;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;
import io.subgate.account.Account;
import io.subgate.account.AccountRepository;
import io.subgate.account.UnknownEntityException;
import io.subgate.egress.EgressProxy;
import io.subgate.egress.EgressRoutes;
import io.subgate.egress.OAuthHttp;
import io.subgate.egress.ProxyKind;
import io.subgate.egress.ProxyRepository;
import io.subgate.egress.ProxySpec;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * {@code /admin/proxies}: egress proxies (HTTP or SOCKS5, optional username and password) that
 * accounts' calls leave through ({@code proxy_id} of an account). Passwords are stored encrypted
 * and never shown; a proxy in use by an account cannot be deleted. {@code POST /{id}/check} reaches
 * {@code subgate.egress.check-url} through the proxy and reports the exit address it was seen from.
 */
@Controller("/admin/proxies")
@ExecuteOn(TaskExecutors.BLOCKING)
public class ProxiesController {
  private static final Pattern HOST = Pattern.compile("[A-Za-z0-9.:\\-\\[\\]]{1,255}");
  private static final Duration CHECK_TIMEOUT = Duration.ofSeconds(10);

  private final ProxyRepository proxies;
  private final AccountRepository accounts;
  private final EgressRoutes routes;
  private final OAuthHttp http;
  private final AdminAudit audit;
  private final JsonMapper json;
  private final String checkUrl;

  public ProxiesController(
      ProxyRepository proxies,
      AccountRepository accounts,
      EgressRoutes routes,
      OAuthHttp http,
      AdminAudit audit,
      JsonMapper json,
      @Value("${subgate.egress.check-url:`https://api.ipify.org?format=json`}") String checkUrl) {
    this.proxies = proxies;
    this.accounts = accounts;
    this.routes = routes;
    this.http = http;
    this.audit = audit;
    this.json = json;
    this.checkUrl = checkUrl;
  }

  /**
   * A proxy as shown: never its password.
   *
   * @param accounts the accounts whose calls leave through it
   */
  @Serdeable(naming = SnakeCaseStrategy.class)
  public record ProxyView(
      long id,
      String name,
      String kind,
      String host,
      int port,
      @Nullable String username,
      boolean hasPassword,
      long version,
      Instant createdAt,
      List<Long> accounts) {}

  @Post(consumes = MediaType.ALL, produces = MediaType.APPLICATION_JSON)
  public HttpResponse<ProxyView> create(@Body @Nullable String body) {
    JsonFields f = JsonFields.parse(json, body);
    int port = f.optionalInt("port", 0, 1, 65_535);
    if (port == 0) {
      throw f.invalid("port", "is required (1 to 65535)");
    }
    EgressProxy created =
        proxies.create(
            new ProxySpec(
                f.requiredString("name", 200),
                f.requiredChoice("kind", ProxyKind::fromWire),
                host(f, f.requiredString("host", 255)),
                port,
                f.optionalString("username", 255),
                f.optionalString("password", 255)));
    ProxyView view = view(created);
    audit.record("proxy.create", "proxy:" + created.id(), null, view);
    return HttpResponse.created(view);
  }

  @Get(produces = MediaType.APPLICATION_JSON)
  public Map<String, Object> list() {
    Map<Long, List<Long>> users = accountsByProxy();
    return Map.of(
        "proxies",
        proxies.all().stream().map(p -> view(p, users.getOrDefault(p.id(), List.of()))).toList());
  }

  @Get(value = "/{id}", produces = MediaType.APPLICATION_JSON)
  public ProxyView get(@PathVariable long id) {
    return view(existing(id));
  }

  /**
   * Body {@code {version, name?, kind?, host?, port?, username?, password?}}: absent fields keep
   * their value, {@code null} clears the username or password.
   */
  @Patch(value = "/{id}", consumes = MediaType.ALL, produces = MediaType.APPLICATION_JSON)
  public ProxyView update(@PathVariable long id, @Body @Nullable String body) {
    JsonFields f = JsonFields.parse(json, body);
    long version = f.requiredVersion("version");
    EgressProxy before = existing(id);
    ProxySpec now = before.spec();
    String host = f.optionalString("host", 255);
    String name = f.optionalString("name", 200);
    ProxySpec next =
        new ProxySpec(
            name == null ? now.name() : name,
            f.has("kind") ? f.requiredChoice("kind", ProxyKind::fromWire) : now.kind(),
            host == null ? now.host() : host(f, host),
            f.optionalInt("port", now.port(), 1, 65_535),
            f.has("username") ? f.optionalString("username", 255) : now.username(),
            f.has("password") ? f.optionalString("password", 255) : now.password());
    if (!proxies.update(id, version, next)) {
      throw new ConflictException(
          "version", "the proxy changed since version " + version + "; read it again and retry");
    }
    routes.forget(id);
    ProxyView after = view(existing(id));
    audit.record("proxy.update", "proxy:" + id, view(before), after);
    return after;
  }

  /** 409 while an account's calls leave through it. */
  @Delete(value = "/{id}")
  public HttpResponse<Void> delete(@PathVariable long id) {
    EgressProxy before = existing(id);
    List<Long> users = accountsUsing(id);
    if (!users.isEmpty()) {
      throw new ConflictException(
          "id", "accounts " + users + " leave through this proxy; move them first");
    }
    proxies.delete(id);
    routes.forget(id);
    audit.record("proxy.delete", "proxy:" + id, view(before), null);
    return HttpResponse.noContent();
  }

  /**
   * Reaches the check address through the proxy: {@code ok}, the answer's status, the exit address
   * it names (its {@code ip} field, else its text), and how long it took. Never direct.
   */
  @Post(value = "/{id}/check", consumes = MediaType.ALL, produces = MediaType.APPLICATION_JSON)
  public Map<String, Object> check(@PathVariable long id) throws InterruptedException {
    EgressProxy proxy = existing(id);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("proxy_id", id);
    out.put("check_url", checkUrl);
    long started = System.nanoTime();
    try {
      java.net.http.HttpResponse<String> answer =
          http.send(
              HttpRequest.newBuilder(URI.create(checkUrl)).timeout(CHECK_TIMEOUT).GET().build(),
              proxy);
      out.put("ok", answer.statusCode() / 100 == 2);
      out.put("status", answer.statusCode());
      out.put("exit_address", exitAddress(answer.body()));
    } catch (IOException e) {
      out.put("ok", false);
      out.put("error", String.valueOf(e.getMessage()));
    }
    out.put("latency_ms", Duration.ofNanos(System.nanoTime() - started).toMillis());
    return out;
  }

  private @Nullable String exitAddress(String body) {
    try {
      JsonNode node = json.readValue(body, JsonNode.class);
      JsonNode ip = node == null ? null : node.get("ip");
      if (ip != null && ip.isString()) {
        return ip.getStringValue();
      }
    } catch (IOException | RuntimeException e) {
      // not JSON: the text is the address
    }
    String text = body.strip();
    return text.isEmpty() ? null : text.substring(0, Math.min(100, text.length()));
  }

  private ProxyView view(EgressProxy p) {
    return view(p, accountsUsing(p.id()));
  }

  private ProxyView view(EgressProxy p, List<Long> users) {
    return new ProxyView(
        p.id(),
        p.name(),
        p.kind().wireName(),
        p.host(),
        p.port(),
        p.username(),
        p.password() != null,
        p.version(),
        p.createdAt(),
        users);
  }

  private List<Long> accountsUsing(long proxyId) {
    return accountsByProxy().getOrDefault(proxyId, List.of());
  }

  /** The live accounts of each proxy, read in one pass over the accounts. */
  private Map<Long, List<Long>> accountsByProxy() {
    Map<Long, List<Long>> out = new HashMap<>();
    long after = 0;
    List<Account> page;
    do {
      page = accounts.listAfter(after, 500);
      for (Account a : page) {
        after = a.id();
        Long used = a.proxyId();
        if (!a.deleted() && used != null) {
          out.computeIfAbsent(used, k -> new ArrayList<>()).add(a.id());
        }
      }
    } while (page.size() == 500);
    return out;
  }

  private EgressProxy existing(long id) {
    return proxies.findById(id).orElseThrow(() -> new UnknownEntityException("proxy", id));
  }

  private static String host(JsonFields f, String host) {
    if (!HOST.matcher(host).matches()) {
      throw f.invalid("host", "must be a host name or address, without scheme or port");
    }
    return host;
  }
}
