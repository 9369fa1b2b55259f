package io.subgate.gateway.client;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.json.JsonMapper;
import io.subgate.gateway.FailedAttempts;
import io.subgate.gateway.protocol.ClientProtocol;
import io.subgate.gateway.protocol.Route;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The budget of failed client-key authentications per address ({@link FailedAttempts}, scope {@code
 * KEY}) on every client route: an answer of 401 counts one failure; an address past its budget gets
 * 429 with {@code Retry-After} in the route's protocol shape until the minute ends, before its key
 * is read. The admin routes have their own budget ({@code AdminAuthFilter}).
 */
@ServerFilter("/**")
public class ClientKeyBudgetFilter {
  private final FailedAttempts failures;
  private final JsonMapper json;

  public ClientKeyBudgetFilter(FailedAttempts failures, JsonMapper json) {
    this.failures = failures;
    this.json = json;
  }

  @RequestFilter
  public @Nullable HttpResponse<?> check(HttpRequest<?> request) {
    if (!keyed(request.getPath())) {
      return null;
    }
    Optional<Duration> wait = failures.blocked(FailedAttempts.Scope.KEY, address(request));
    if (wait.isEmpty()) {
      return null;
    }
    ClientProtocol shape = Route.errorsOf(request.getPath());
    return HttpResponse.status(HttpStatus.TOO_MANY_REQUESTS)
        .header("Retry-After", Long.toString(Math.max(1, wait.get().toSeconds())))
        .contentType(MediaType.APPLICATION_JSON_TYPE)
        .body(
            shape.errorBody(
                json,
                429,
                "too many requests with invalid API keys from this address; retry later"));
  }

  @ResponseFilter
  public void count(HttpRequest<?> request, MutableHttpResponse<?> response) {
    if (response.code() == 401 && keyed(request.getPath())) {
      failures.failed(FailedAttempts.Scope.KEY, address(request));
    }
  }

  /**
   * The client routes, which take a key ({@code /v1/…}, {@code /v1beta/…}, {@code /v1internal:…});
   * no admin path starts so.
   */
  public static boolean keyed(String path) {
    return path.startsWith("/v1");
  }

  /** On Netty the peer; behind API Gateway the event's source IP. */
  public static String address(HttpRequest<?> request) {
    InetSocketAddress peer = request.getRemoteAddress();
    return peer.getAddress() != null ? peer.getAddress().getHostAddress() : peer.getHostString();
  }
}
