package io.subgate.adapter.redis;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import java.time.Duration;

/**
 * Subgate's Redis settings ({@code subgate.redis.*}).
 *
 * @param namespace prefix before every Subgate key, so several deployments or test runs can share
 *     one Redis without seeing each other's keys
 * @param timeout how long one command may take before Redis counts as unavailable
 */
@ConfigurationProperties("subgate.redis")
public record RedisNamespace(
    @Bindable(defaultValue = "") String namespace,
    @Bindable(defaultValue = "2s") Duration timeout) {

  public String prefix() {
    return namespace.isEmpty() ? "" : namespace + ":";
  }
}
