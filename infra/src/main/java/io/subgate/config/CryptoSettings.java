package io.subgate.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import org.jspecify.annotations.Nullable;

/**
 * Credentials encryption ({@code subgate.crypto.*}).
 *
 * @param key base64 of a 32-byte AES key; wins over {@code keyFile}
 * @param keyFile file holding the base64 key; local mode creates {@code <data-dir>/credentials.key}
 *     when neither is set
 */
@ConfigurationProperties("subgate.crypto")
public record CryptoSettings(@Nullable String key, @Nullable String keyFile) {}
