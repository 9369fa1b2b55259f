package io.subgate.secrets;

import com.zaxxer.hikari.HikariDataSource;
import io.micronaut.context.BeanProvider;
import io.micronaut.runtime.event.annotation.EventListener;
import jakarta.inject.Singleton;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies rotated database credentials to the running pool: new connections log in with them, and
 * idle ones are retired so none outlives the old password for long. Connections in use finish what
 * they are doing.
 */
@Singleton
final class DataSourceCredentials {
  private static final Logger LOG = LoggerFactory.getLogger(DataSourceCredentials.class);

  private final BeanProvider<DataSource> dataSource;

  DataSourceCredentials(BeanProvider<DataSource> dataSource) {
    this.dataSource = dataSource;
  }

  @EventListener
  void on(SecretsRotated rotated) {
    String user = rotated.changed().get("datasources.default.username");
    String password = rotated.changed().get("datasources.default.password");
    if (user == null && password == null) {
      return;
    }
    HikariDataSource hikari;
    try {
      hikari = dataSource.get().unwrap(HikariDataSource.class);
    } catch (SQLException | RuntimeException e) {
      LOG.warn("secrets.datasource_not_updated error={}", e.getClass().getSimpleName());
      return;
    }
    if (user != null) {
      hikari.getHikariConfigMXBean().setUsername(user);
    }
    if (password != null) {
      hikari.getHikariConfigMXBean().setPassword(password);
    }
    if (hikari.getHikariPoolMXBean() != null) {
      hikari.getHikariPoolMXBean().softEvictConnections();
    }
    LOG.info("secrets.datasource_credentials_rotated");
  }
}
