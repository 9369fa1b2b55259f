package io.subgate.config;

import io.micronaut.context.annotation.Context;
import io.micronaut.context.exceptions.ConfigurationException;
import io.micronaut.core.value.PropertyResolver;
import java.util.ArrayList;
import java.util.List;

/**
 * Fails startup in production mode when a setting that local mode fills with an embedded default is
 * missing, naming every missing setting at once.
 */
@Context
public final class ProductionChecks {

  public ProductionChecks(RuntimeSettings runtime, PropertyResolver properties) {
    if (runtime.local()) {
      return;
    }
    List<String> missing = new ArrayList<>();
    if (!properties.containsProperty("redis.uri")) {
      missing.add("REDIS_URI (token cache and locks)");
    }
    String url = properties.get("datasources.default.url", String.class).orElse("");
    if (url.isBlank() || url.startsWith("jdbc:h2:")) {
      missing.add("DATASOURCES_DEFAULT_URL (PostgreSQL; the embedded database is local-only)");
    }
    if (!properties.containsProperty("subgate.crypto.key")
        && !properties.containsProperty("subgate.crypto.key-file")) {
      missing.add("SUBGATE_CRYPTO_KEY or SUBGATE_CRYPTO_KEY_FILE");
    }
    if (!missing.isEmpty()) {
      throw new ConfigurationException(
          "subgate.mode=production but these settings are missing: " + String.join(", ", missing));
    }
  }
}
