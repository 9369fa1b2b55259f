package io.subgate.gateway.process;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Another gateway process: {@code io.subgate.gateway.Application} in a JVM of its own on the test's
 * classpath and settings, on a free port; {@link #kill()} is {@code kill -9}. Every wait is
 * bounded.
 */
public final class GatewayProcess implements AutoCloseable {
  private final Process process;
  private final int port;

  private GatewayProcess(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  /** Starts the gateway and waits until {@code /health} answers (at most {@code startup}). */
  public static GatewayProcess start(Map<String, String> properties, Duration startup)
      throws IOException, InterruptedException {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    List<String> command = new ArrayList<>();
    command.add(System.getProperty("java.home") + "/bin/java");
    command.add("-XX:TieredStopAtLevel=1");
    command.add("-Daws.region=us-east-1");
    properties.forEach((k, v) -> command.add("-D" + k + "=" + v));
    command.add("-Dmicronaut.server.port=" + port);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add("io.subgate.gateway.Application");
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().put("SUBGATE_LOG_LEVEL", "WARN");
    Process process = builder.start();
    Thread drain =
        new Thread(
            () -> {
              try (BufferedReader r =
                  new BufferedReader(
                      new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                  System.out.println("[gateway-" + port + "] " + line);
                }
              } catch (IOException e) {
                // the process is gone
              }
            },
            "gateway-process-output");
    drain.setDaemon(true);
    drain.start();
    GatewayProcess gateway = new GatewayProcess(process, port);
    long deadline = System.nanoTime() + startup.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("the gateway process exited: " + process.exitValue());
      }
      if (gateway.healthy()) {
        return gateway;
      }
      Thread.sleep(200);
    }
    gateway.kill();
    throw new IllegalStateException("the gateway process did not answer /health in " + startup);
  }

  public URI uri() {
    return URI.create("http://127.0.0.1:" + port);
  }

  private boolean healthy() {
    try {
      HttpURLConnection c = (HttpURLConnection) uri().resolve("/health").toURL().openConnection();
      c.setConnectTimeout(500);
      c.setReadTimeout(1000);
      return c.getResponseCode() == 200;
    } catch (IOException e) {
      return false;
    }
  }

  /** SIGKILL: no shutdown hook, no release, no flush — what a Lambda timeout or an OOM does. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor();
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      kill();
    }
  }
}
