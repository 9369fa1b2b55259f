package io.subgate.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A redis-server of a test's own on a free loopback port (the shared one on 6379 must stay up for
 * the other tests), which the test can stop and start again to make an outage.
 */
public final class PrivateRedis implements AutoCloseable {
  private final int port;
  private Process process;

  public PrivateRedis() {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    process = launch();
  }

  public String uri() {
    return "redis://127.0.0.1:" + port;
  }

  /** Stops the server at once (SIGKILL): connections drop, nothing answers. */
  public void stop() throws InterruptedException {
    process.destroyForcibly();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      throw new IllegalStateException("redis-server did not stop");
    }
  }

  /** Starts it again on the same port; returns once it accepts connections. */
  public void start() {
    process = launch();
  }

  private Process launch() {
    try {
      Process p =
          new ProcessBuilder(
                  "redis-server",
                  "--port",
                  Integer.toString(port),
                  "--bind",
                  "127.0.0.1",
                  "--save",
                  "",
                  "--appendonly",
                  "no")
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
      long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (System.nanoTime() < until) {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
          return p;
        } catch (IOException notYet) {
          Thread.sleep(20);
        }
      }
      p.destroyForcibly();
      throw new IllegalStateException("redis-server did not start on " + port);
    } catch (IOException e) {
      throw new IllegalStateException("redis-server cannot be started", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    process.destroyForcibly();
  }
}
