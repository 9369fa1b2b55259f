package io.subgate.account;

import io.micronaut.serde.annotation.Serdeable;
import java.time.Instant;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Static key of an {@link AccountType#APIKEY} or {@link AccountType#UPSTREAM} account; never
 * refreshed.
 *
 * @param apiKey the provider or relay key
 * @param baseUrl overrides the platform's API base URL (required for upstream relays)
 * @param modelMapping requested model → the name the provider or relay knows it by ({@link
 *     ModelMapping}); null or empty: names go as requested
 */
@Serdeable
public record StaticKeyCredentials(
    String apiKey, @Nullable String baseUrl, @Nullable Map<String, String> modelMapping)
    implements Credentials {

  public StaticKeyCredentials {
    // Immutable once: mapping() on the request path then wraps it without copying.
    modelMapping = modelMapping == null || modelMapping.isEmpty() ? null : Map.copyOf(modelMapping);
  }

  public StaticKeyCredentials(String apiKey, @Nullable String baseUrl) {
    this(apiKey, baseUrl, null);
  }

  /** The account's model names. */
  public ModelMapping mapping() {
    Map<String, String> m = modelMapping;
    return m == null || m.isEmpty() ? ModelMapping.NONE : new ModelMapping(m);
  }

  @Override
  public @Nullable Instant expiresAt() {
    return null;
  }

  @Override
  public String toString() {
    return "StaticKeyCredentials[apiKey=***, baseUrl="
        + baseUrl
        + ", modelMapping="
        + modelMapping
        + "]";
  }
}
