package io.subgate.support;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;
import org.jspecify.annotations.Nullable;

/**
 * Logging setup of every function, in code rather than {@code logback.xml}: parsing the XML cost
 * about 0.2 s of each cold start. One console appender; the root level from {@code
 * SUBGATE_LOG_LEVEL} (system property or environment, default INFO). Log lines carry stable event
 * names ({@code refresh_sweep.completed} ...) and never a token or key.
 */
public final class LogSetup extends ContextAwareBase implements Configurator {
  /**
   * Loggers that print request headers or bytes (an upstream's {@code x-api-key} and {@code
   * Authorization}, an egress proxy's login, Redis command arguments) at DEBUG or TRACE: pinned at
   * INFO, whatever the root level, so {@code SUBGATE_LOG_LEVEL=DEBUG} never writes a secret.
   */
  static final java.util.List<String> SECRET_CARRIERS =
      java.util.List.of(
          "org.apache.hc.client5.http.headers",
          "org.apache.hc.client5.http.wire",
          "org.apache.hc.client5.http.impl.classic",
          "org.apache.hc.client5.http.impl.io",
          "org.apache.hc.client5.http.impl.auth",
          "org.apache.hc.client5.http.auth",
          "software.amazon.awssdk.request",
          "software.amazon.awssdk.requestId",
          "io.lettuce.core.protocol",
          "io.lettuce.core.RedisChannelHandler");

  static final String PATTERN = "%d{HH:mm:ss.SSS} %-5level [%thread] %logger{36} - %msg%n";

  @Override
  public ExecutionStatus configure(LoggerContext context) {
    PatternLayoutEncoder encoder = new PatternLayoutEncoder();
    encoder.setContext(context);
    encoder.setPattern(PATTERN);
    encoder.start();
    ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
    console.setContext(context);
    console.setName("STDOUT");
    console.setEncoder(encoder);
    console.start();
    ch.qos.logback.classic.Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    root.setLevel(Level.toLevel(setting("SUBGATE_LOG_LEVEL"), Level.INFO));
    root.addAppender(console);
    context.getLogger("com.zaxxer.hikari").setLevel(Level.WARN);
    context.getLogger("org.flywaydb").setLevel(Level.WARN);
    context.getLogger("org.testcontainers.dockerclient").setLevel(Level.OFF);
    for (String carriesSecrets : SECRET_CARRIERS) {
      context.getLogger(carriesSecrets).setLevel(Level.INFO);
    }
    return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
  }

  private static @Nullable String setting(String name) {
    String value = System.getProperty(name);
    return value != null ? value : System.getenv(name);
  }
}
