package io.subgate.gateway.admin;

import io.micronaut.context.annotation.ConfigurationProperties;
import org.jspecify.annotations.Nullable;

/**
 * Admin API settings ({@code subgate.admin.*}).
 *
 * @param token bearer token for {@code /admin/**}; local mode generates one when unset
 */
@ConfigurationProperties("subgate.admin")
public record AdminSettings(@Nullable String token) {}
