package io.subgate.secrets;

import io.micronaut.context.env.Environment;
import io.micronaut.context.event.ApplicationEventPublisher;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the secrets again every {@code subgate.secrets.refresh} (5 min) and publishes {@link
 * SecretsRotated} with what changed, so a rotation reaches a running function without a redeploy. A
 * read that fails keeps the values in use (and says so once per failure, without values).
 */
@Singleton
public final class SecretsRefresh {
  private static final Logger LOG = LoggerFactory.getLogger(SecretsRefresh.class);

  private final Environment environment;
  private final ApplicationEventPublisher<SecretsRotated> events;
  private final Map<String, String> current = new LinkedHashMap<>();
  private @Nullable SecretStore store;

  public SecretsRefresh(Environment environment, ApplicationEventPublisher<SecretsRotated> events) {
    this.environment = environment;
    this.events = events;
  }

  @Scheduled(
      fixedDelay = "${subgate.secrets.refresh:5m}",
      initialDelay = "${subgate.secrets.refresh:5m}")
  public synchronized void refresh() {
    Map<String, String> ids = new LinkedHashMap<>();
    for (String setting :
        new String[] {SecretBindings.DATABASE, SecretBindings.CRYPTO, SecretBindings.ENDPOINT}) {
      environment.getProperty(setting, String.class).ifPresent(v -> ids.put(setting, v));
    }
    if (!ids.containsKey(SecretBindings.DATABASE) && !ids.containsKey(SecretBindings.CRYPTO)) {
      return; // settings from the environment or files: nothing to re-read
    }
    Map<String, String> fresh;
    try {
      fresh = SecretBindings.read(store(ids.get(SecretBindings.ENDPOINT)), ids);
    } catch (RuntimeException e) {
      LOG.warn("secrets.refresh_failed error={}", e.getMessage());
      return;
    }
    Map<String, String> changed = new LinkedHashMap<>();
    fresh.forEach(
        (property, value) -> {
          String before =
              current.containsKey(property)
                  ? current.get(property)
                  : environment.getProperty(property, String.class).orElse(null);
          if (!value.equals(before)) {
            changed.put(property, value);
          }
        });
    current.putAll(fresh);
    if (!changed.isEmpty()) {
      LOG.info("secrets.rotated settings={}", changed.keySet());
      events.publishEvent(new SecretsRotated(changed));
    }
  }

  private SecretStore store(@Nullable String endpoint) {
    SecretStore s = store;
    if (s == null) {
      s = new SecretsManagerSecretStore(endpoint);
      store = s;
    }
    return s;
  }

  @PreDestroy
  synchronized void close() {
    if (store instanceof SecretsManagerSecretStore sm) {
      sm.close();
    }
  }
}
