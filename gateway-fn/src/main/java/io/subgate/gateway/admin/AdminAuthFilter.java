package io.subgate.gateway.admin;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import org.jspecify.annotations.Nullable;

/**
 * Rejects every {@code /admin/**} and {@code /metrics} request without {@code Authorization: Bearer
 * <admin token>}.
 */
@ServerFilter({"/admin/**", "/metrics"})
public class AdminAuthFilter {
  private static final String BEARER = "bearer ";

  private final AdminToken token;

  public AdminAuthFilter(AdminToken token) {
    this.token = token;
  }

  @RequestFilter
  public @Nullable HttpResponse<?> authenticate(HttpRequest<?> request) {
    String header = request.getHeaders().get("Authorization");
    if (header != null
        && header.length() > BEARER.length()
        && header.regionMatches(true, 0, BEARER, 0, BEARER.length())
        && token.matches(header.substring(BEARER.length()).trim())) {
      return null;
    }
    return HttpResponse.status(HttpStatus.UNAUTHORIZED)
        .body(AdminError.of("authentication_error", "missing or invalid admin token", null));
  }
}
