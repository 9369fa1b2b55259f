package io.subgate.gateway.admin;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.subgate.gateway.FailedAttempts;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Rejects every {@code /admin/**} and {@code /metrics} request without {@code Authorization: Bearer
 * <admin token>}, whatever the path's case, trailing or doubled slashes, dot segments or escapes.
 * Why it sees every path: a filter pattern matches the path as written, while the router also
 * serves {@code /metrics/}, so a pattern-only guard once let the exposition out without the token.
 */
@ServerFilter("/**")
public class AdminAuthFilter {
  private static final String BEARER = "bearer ";

  private final AdminToken token;
  private final FailedAttempts failures;

  public AdminAuthFilter(AdminToken token, FailedAttempts failures) {
    this.token = token;
    this.failures = failures;
  }

  @RequestFilter
  public @Nullable HttpResponse<?> authenticate(HttpRequest<?> request) {
    if (!guarded(request.getPath()) || dashboardAsset(request)) {
      return null;
    }
    // On Netty the peer; behind API Gateway the event's source IP.
    InetSocketAddress peer = request.getRemoteAddress();
    String address =
        peer.getAddress() != null ? peer.getAddress().getHostAddress() : peer.getHostString();
    Optional<Duration> wait = failures.blocked(FailedAttempts.Scope.ADMIN, address);
    if (wait.isPresent()) {
      return HttpResponse.status(HttpStatus.TOO_MANY_REQUESTS)
          .header("Retry-After", Long.toString(Math.max(1, wait.get().toSeconds())))
          .body(
              AdminError.of(
                  "rate_limit_error",
                  "too many failed admin-token attempts from this address; retry later",
                  null));
    }
    String header = request.getHeaders().get("Authorization");
    if (header != null
        && header.length() > BEARER.length()
        && header.regionMatches(true, 0, BEARER, 0, BEARER.length())
        && token.matches(header.substring(BEARER.length()).trim())) {
      return null;
    }
    failures.failed(FailedAttempts.Scope.ADMIN, address);
    return HttpResponse.status(HttpStatus.UNAUTHORIZED)
        .body(AdminError.of("authentication_error", "missing or invalid admin token", null));
  }

  /**
   * Whether the request asks for a file of the dashboard ({@code GET /admin/ui/…}): the page and
   * its scripts hold no data and are public; every call they make sends the admin token. Only a
   * plain path qualifies — no escape, no dot segment, no backslash — so nothing but the static
   * files under {@code /admin/ui/} is reached without the token.
   */
  static boolean dashboardAsset(HttpRequest<?> request) {
    String path = request.getPath();
    String method = request.getMethodName();
    return (method.equals("GET") || method.equals("HEAD"))
        && path.startsWith("/admin/ui/")
        && path.indexOf('%') < 0
        && path.indexOf('\\') < 0
        && !path.contains("/.")
        && !path.contains("//");
  }

  /**
   * Whether {@code path} may reach an admin route or the metrics: its first segment, once
   * percent-decoded, dot segments and empty segments dropped, is {@code admin} or {@code metrics}
   * in any case (a prefix is enough: {@code /metrics.txt} or {@code /admin;x} are guarded too), or
   * any segment is {@code ..}.
   */
  public static boolean guarded(String path) {
    String p = path;
    if (p.indexOf('%') >= 0) {
      try {
        p = URLDecoder.decode(p.replace("+", "%2B"), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        return true; // a broken escape is no route of ours; refusing it costs nothing
      }
    }
    boolean first = true;
    int i = 0;
    while (i < p.length()) {
      int end = i;
      while (end < p.length() && p.charAt(end) != '/' && p.charAt(end) != '\\') {
        end++;
      }
      String segment = p.substring(i, end);
      i = end + 1;
      if (segment.equals("..")) {
        return true; // whatever a resolver makes of it, it may climb to /admin
      }
      if (first && !segment.isEmpty() && !segment.equals(".")) {
        String s = segment.toLowerCase(Locale.ROOT);
        if (s.startsWith("admin") || s.startsWith("metrics")) {
          return true;
        }
        first = false;
      }
    }
    return false;
  }
}
