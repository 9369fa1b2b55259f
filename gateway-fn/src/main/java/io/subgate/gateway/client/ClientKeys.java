package io.subgate.gateway.client;

import io.micronaut.http.HttpHeaders;
import io.subgate.gateway.protocol.ClientProtocol;
import io.subgate.gateway.protocol.GatewayException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The client's API key (sub2api §1.2). Anthropic and OpenAI routes: {@code Authorization: Bearer},
 * else {@code x-api-key}, else {@code x-goog-api-key}. Google routes: {@code x-goog-api-key}, else
 * {@code Authorization: Bearer}, else {@code x-api-key}, else {@code ?key=} (Google's SDKs send it
 * there). {@code ?api_key=} anywhere, and {@code ?key=} elsewhere, is a 400: a key in a URL ends up
 * in access logs. Keys longer than any Subgate key could be are refused without a lookup.
 */
public final class ClientKeys {
  static final int MAX_LENGTH = 256;

  private ClientKeys() {}

  /**
   * @throws GatewayException 400 for a key in a query parameter the route does not take keys in
   */
  public static Optional<String> extract(
      ClientProtocol protocol, HttpHeaders headers, @Nullable String query) {
    boolean google = protocol == ClientProtocol.GOOGLE;
    String fromQuery = null;
    if (query != null && !query.isEmpty()) {
      for (String pair : query.split("&")) {
        int eq = pair.indexOf('=');
        String name = eq < 0 ? pair : pair.substring(0, eq);
        if (name.equals("api_key") || (name.equals("key") && !google)) {
          throw new GatewayException(
              400,
              "the API key must not be sent in the query string ("
                  + name
                  + "=); send it in the "
                  + (google ? "x-goog-api-key" : "Authorization or x-api-key")
                  + " header");
        }
        if (name.equals("key") && eq > 0) {
          fromQuery = URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
        }
      }
    }
    if (google) {
      Optional<String> goog = usable(headers.get("x-goog-api-key"));
      if (goog.isPresent()) {
        return goog;
      }
    }
    String authorization = headers.get(HttpHeaders.AUTHORIZATION);
    if (authorization != null && authorization.regionMatches(true, 0, "bearer ", 0, 7)) {
      return usable(authorization.substring(7));
    }
    Optional<String> apiKey = usable(headers.get("x-api-key"));
    if (apiKey.isPresent()) {
      return apiKey;
    }
    return google ? usable(fromQuery) : usable(headers.get("x-goog-api-key"));
  }

  private static Optional<String> usable(@Nullable String value) {
    if (value == null) {
      return Optional.empty();
    }
    String trimmed = value.trim();
    return trimmed.isEmpty() || trimmed.length() > MAX_LENGTH
        ? Optional.empty()
        : Optional.of(trimmed);
  }
}
