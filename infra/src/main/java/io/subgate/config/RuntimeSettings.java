package io.subgate.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import java.nio.file.Path;

/**
 * Process-wide settings ({@code subgate.*}).
 *
 * @param mode {@code local} (default) or {@code production}
 * @param dataDir where local mode keeps its database, key file and admin token
 */
@ConfigurationProperties("subgate")
public record RuntimeSettings(
    @Bindable(defaultValue = "local") Mode mode,
    @Bindable(defaultValue = ".subgate") Path dataDir) {

  public boolean local() {
    return mode == Mode.LOCAL;
  }
}
