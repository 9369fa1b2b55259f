package io.subgate.adapter.redis;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;

/**
 * Prefix put before every Subgate key ({@code subgate.redis.namespace}), so several deployments or
 * test runs can share one Redis without seeing each other's keys.
 */
@ConfigurationProperties("subgate.redis")
public record RedisNamespace(@Bindable(defaultValue = "") String namespace) {

  public String prefix() {
    return namespace.isEmpty() ? "" : namespace + ":";
  }
}
