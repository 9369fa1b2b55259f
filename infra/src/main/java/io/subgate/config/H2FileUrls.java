package io.subgate.config;

import io.micronaut.configuration.jdbc.hikari.DatasourceConfiguration;
import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import jakarta.inject.Singleton;
import java.nio.file.Path;

/**
 * Makes the path of an embedded H2 file database absolute. H2 refuses a path that is implicitly
 * relative to the working directory ({@code jdbc:h2:file:.subgate/db/...}), which the local run's
 * default data directory ({@code .subgate}) or any relative {@code SUBGATE_DATA_DIR} produces.
 */
@Singleton
final class H2FileUrls implements BeanCreatedEventListener<DatasourceConfiguration> {
  private static final String PREFIX = "jdbc:h2:file:";

  @Override
  public DatasourceConfiguration onCreated(BeanCreatedEvent<DatasourceConfiguration> event) {
    DatasourceConfiguration config = event.getBean();
    String url = config.getUrl();
    if (url != null) {
      String absolute = absolute(url);
      if (!absolute.equals(url)) {
        config.setUrl(absolute);
      }
    }
    return config;
  }

  static String absolute(String url) {
    if (!url.startsWith(PREFIX)) {
      return url;
    }
    String rest = url.substring(PREFIX.length());
    int options = rest.indexOf(';');
    String path = options < 0 ? rest : rest.substring(0, options);
    if (path.isEmpty() || path.startsWith("/") || path.startsWith("~") || path.contains(":")) {
      return url;
    }
    String tail = options < 0 ? "" : rest.substring(options);
    return PREFIX + Path.of(path).toAbsolutePath().normalize() + tail;
  }
}
