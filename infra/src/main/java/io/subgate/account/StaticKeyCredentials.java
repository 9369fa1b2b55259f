package io.subgate.account;

import io.micronaut.serde.annotation.Serdeable;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * Static key of an {@link AccountType#APIKEY} or {@link AccountType#UPSTREAM} account; never
 * refreshed.
 *
 * @param apiKey the provider or relay key
 * @param baseUrl overrides the platform's API base URL (required for upstream relays)
 */
@Serdeable
public record StaticKeyCredentials(String apiKey, @Nullable String baseUrl) implements Credentials {

  @Override
  public @Nullable Instant expiresAt() {
    return null;
  }

  @Override
  public String toString() {
    return "StaticKeyCredentials[apiKey=***, baseUrl=" + baseUrl + "]";
  }
}
