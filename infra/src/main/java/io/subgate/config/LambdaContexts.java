package io.subgate.config;

import io.micronaut.context.ApplicationContext;
import io.micronaut.context.ApplicationContextBuilder;
import io.micronaut.context.env.Environment;
import io.micronaut.context.env.PropertySource;
import io.subgate.secrets.SecretBindings;
import io.subgate.secrets.SecretsManagerSecretStore;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How both functions build their context on AWS Lambda: Micronaut's Lambda configuration
 * (environments {@code function, lambda}, configuration read at init) without eager singletons.
 * Eager creation would open the Redis client's default connection at init — an unreachable Redis
 * would stop the function, and a connection made before a SnapStart snapshot is stale after restore
 * — and it lengthens every cold start with beans an invocation may never need. (Micronaut's own
 * builder cannot be used: once enabled, eager singletons cannot be switched off again.)
 */
public final class LambdaContexts {
  private LambdaContexts() {}

  public static ApplicationContextBuilder builder() {
    return builder(System.getenv());
  }

  /**
   * The builder, with the secrets the environment names ({@code SUBGATE_SECRETS_DATABASE}, {@code
   * SUBGATE_SECRETS_CRYPTO}) read from Secrets Manager into a property source of their own: kept in
   * memory, never in the environment. A named secret that cannot be read stops the start-up.
   */
  public static ApplicationContextBuilder builder(Map<String, String> environment) {
    ApplicationContextBuilder builder =
        ApplicationContext.builder()
            .environments(Environment.FUNCTION, "lambda")
            .eagerInitConfiguration(true);
    Map<String, String> ids = SecretBindings.idsIn(environment);
    if (ids.containsKey(SecretBindings.DATABASE) || ids.containsKey(SecretBindings.CRYPTO)) {
      Map<String, Object> properties = new LinkedHashMap<>(ids);
      try (SecretsManagerSecretStore store =
          new SecretsManagerSecretStore(ids.get(SecretBindings.ENDPOINT))) {
        properties.putAll(SecretBindings.read(store, ids));
      }
      builder.propertySources(PropertySource.of("secrets", properties, SECRETS_PRIORITY));
    }
    return builder;
  }

  /** Above environment variables and system properties: the secret store is the source of truth. */
  static final int SECRETS_PRIORITY = 1_000;
}
