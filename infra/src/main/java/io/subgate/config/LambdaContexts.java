package io.subgate.config;

import io.micronaut.context.ApplicationContext;
import io.micronaut.context.ApplicationContextBuilder;
import io.micronaut.context.env.Environment;

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
    return ApplicationContext.builder()
        .environments(Environment.FUNCTION, "lambda")
        .eagerInitConfiguration(true);
  }
}
