package io.subgate.gateway.dialect;

import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import io.subgate.account.Account;
import io.subgate.account.StaticKeyCredentials;
import io.subgate.config.PlatformEndpoints;
import io.subgate.gateway.protocol.JsonTrees;
import io.subgate.gateway.protocol.ProxyRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * What the JSON-over-HTTP dialects share: base URLs, header allow-lists, and the reading of a
 * complete error answer (failure kind by status; a 403 whose code says the content was refused is
 * the client's answer, not the account's fault; reset hints).
 */
abstract class HttpDialect implements UpstreamDialect {
  private static final Pattern VERSIONED_BASE =
      Pattern.compile(".*/v\\d+(\\.\\d+)?(alpha|beta|preview)?\\d*$");

  /** The headers the official SDKs send about themselves, relayed by every dialect. */
  static final List<String> SDK_HEADERS =
      List.of(
          "x-stainless-retry-count",
          "x-stainless-timeout",
          "x-stainless-lang",
          "x-stainless-package-version",
          "x-stainless-os",
          "x-stainless-arch",
          "x-stainless-runtime",
          "x-stainless-runtime-version");

  /**
   * What never leaves with a client's own headers: credentials and cookies (the account supplies
   * its own), hop-by-hop and framing headers (the upstream connection has its own), and what
   * proxies in front of the gateway add about the network path.
   */
  private static final Set<String> NOT_CLIENTS_OWN =
      Set.of(
          "authorization",
          "proxy-authorization",
          "x-api-key",
          "x-goog-api-key",
          "api-key",
          "cookie",
          "connection",
          "keep-alive",
          "te",
          "trailer",
          "transfer-encoding",
          "upgrade",
          "host",
          "content-length",
          "content-encoding",
          "accept-encoding",
          "expect",
          "forwarded",
          "via",
          "x-real-ip",
          "true-client-ip",
          "origin",
          "referer");

  private static final List<String> NOT_CLIENTS_OWN_PREFIXES =
      List.of("proxy-", "x-forwarded-", "x-amzn-", "x-amz-", "cloudfront-", "cf-", "x-subgate-");

  protected final PlatformEndpoints endpoints;
  protected final JsonMapper json;
  protected final Clock clock;

  HttpDialect(PlatformEndpoints endpoints, JsonMapper json, Clock clock) {
    this.endpoints = endpoints;
    this.json = json;
    this.clock = clock;
  }

  @Override
  public Optional<UpstreamFailure> judge(UpstreamAnswer answer, byte[] body) {
    int status = answer.status();
    RefusalScope scope = refusal(status, body);
    if (scope != null && scope.answersClient()) {
      return Optional.empty();
    }
    if (scope == RefusalScope.MODEL) {
      return Optional.of(modelRefused(status, body));
    }
    Optional<UpstreamFailure.Kind> kind = UpstreamFailure.classify(status);
    if (kind.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        new UpstreamFailure(
            kind.get(), status, resetAfter(answer, body), body, "upstream status " + status));
  }

  /** The scope of a 403 or 404 answer ({@link RefusalScope}); null for any other status. */
  protected @Nullable RefusalScope refusal(int status, byte[] body) {
    return status == 403 || status == 404 ? RefusalScope.of(status, parse(body)) : null;
  }

  /** A 403 or 404 naming the model: that account skips the model, the request goes on. */
  protected static UpstreamFailure modelRefused(int status, byte[] body) {
    return new UpstreamFailure(
        UpstreamFailure.Kind.MODEL_REFUSED,
        status,
        null,
        body,
        "upstream status " + status + " refused the model");
  }

  /**
   * The client's body with its top-level {@code model} named as {@code account} knows it (an API
   * key's model mapping); the body as the client sent it when the name stays.
   */
  protected byte[] bodyFor(ProxyRequest request, Account account) {
    String upstream = account.mapping().upstreamName(request.model());
    if (upstream.equals(request.model()) || request.json().get("model") == null) {
      return request.body();
    }
    return write(JsonTrees.withField(request.json(), "model", JsonNode.createStringNode(upstream)));
  }

  protected byte[] write(Object value) {
    try {
      return json.writeValueAsBytes(value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** When to come back after a failed answer. */
  protected @Nullable Duration resetAfter(UpstreamAnswer answer, byte[] body) {
    return ResetHints.of(answer, body, clock);
  }

  /**
   * The API-key base of {@code account}: its own {@code base_url} or the platform's, joined to
   * {@code path} without doubling a version segment the base already ends in ({@code …/v1}).
   */
  protected String keyUrl(Account account, String path) {
    String base = endpoints.of(account.platform()).apiBaseUrl();
    if (account.credentials() instanceof StaticKeyCredentials key && key.baseUrl() != null) {
      base = stripSlash(String.valueOf(key.baseUrl()));
    }
    if (VERSIONED_BASE.matcher(base).matches() && path.startsWith("/v1/")) {
      return base + path.substring(3);
    }
    return base + path;
  }

  /**
   * The client's headers named in {@code allowed} and {@link #SDK_HEADERS} (lower case), as the
   * client sent them.
   */
  protected static Map<String, String> allowed(Map<String, String> client, List<String> allowed) {
    Map<String, String> out = new LinkedHashMap<>();
    for (List<String> names : List.of(allowed, SDK_HEADERS)) {
      for (String name : names) {
        String value = client.get(name);
        if (value != null && !value.isEmpty()) {
          out.put(name, value);
        }
      }
    }
    return out;
  }

  /**
   * The headers a subscription's own client sent about itself, all relayed as sent (so a header a
   * new client version adds reaches its backend without a gateway release): every header but {@link
   * #NOT_CLIENTS_OWN} and the proxy prefixes.
   */
  protected static Map<String, String> clientsOwn(Map<String, String> client) {
    Map<String, String> out = new LinkedHashMap<>();
    client.forEach(
        (name, value) -> {
          if (!value.isEmpty() && clientsOwn(name)) {
            out.put(name, value);
          }
        });
    return out;
  }

  private static boolean clientsOwn(String name) {
    if (NOT_CLIENTS_OWN.contains(name)) {
      return false;
    }
    for (String prefix : NOT_CLIENTS_OWN_PREFIXES) {
      if (name.startsWith(prefix)) {
        return false;
      }
    }
    return true;
  }

  protected @Nullable JsonNode parse(byte[] body) {
    if (body.length == 0) {
      return null;
    }
    try {
      return json.readValue(body, JsonNode.class);
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  protected static String withQuery(String url, String query) {
    return query.isEmpty() ? url : url + "?" + query;
  }

  private static String stripSlash(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }
}
