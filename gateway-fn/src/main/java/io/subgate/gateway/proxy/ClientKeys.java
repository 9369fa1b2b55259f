package io.subgate.gateway.proxy;

import io.micronaut.http.HttpHeaders;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The client's API key: {@code Authorization: Bearer}, else {@code x-api-key}, else {@code
 * x-goog-api-key}. Keys longer than any Subgate key could be are refused without a lookup.
 */
final class ClientKeys {
  static final int MAX_LENGTH = 256;

  private ClientKeys() {}

  static Optional<String> extract(HttpHeaders headers) {
    String authorization = headers.get(HttpHeaders.AUTHORIZATION);
    if (authorization != null && authorization.regionMatches(true, 0, "bearer ", 0, 7)) {
      return usable(authorization.substring(7));
    }
    Optional<String> apiKey = usable(headers.get("x-api-key"));
    return apiKey.isPresent() ? apiKey : usable(headers.get("x-goog-api-key"));
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
