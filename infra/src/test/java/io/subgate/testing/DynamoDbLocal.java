package io.subgate.testing;

import com.amazonaws.services.dynamodbv2.local.main.ServerRunner;
import com.amazonaws.services.dynamodbv2.local.server.DynamoDBProxyServer;
import java.io.IOException;
import java.net.ServerSocket;

/**
 * DynamoDB Local running inside the test JVM on a free port (no Docker). One per test class;
 * telemetry is off so nothing reaches for the network.
 */
public final class DynamoDbLocal implements AutoCloseable {
  private final DynamoDBProxyServer server;
  private final int port;

  private DynamoDbLocal(DynamoDBProxyServer server, int port) {
    this.server = server;
    this.port = port;
  }

  public static DynamoDbLocal start() {
    try {
      int port;
      try (ServerSocket socket = new ServerSocket(0)) {
        port = socket.getLocalPort();
      }
      DynamoDBProxyServer server =
          ServerRunner.createServerFromCommandLineArgs(
              new String[] {
                "-inMemory", "-sharedDb", "-port", Integer.toString(port), "-disableTelemetry"
              });
      server.start();
      return new DynamoDbLocal(server, port);
    } catch (Exception e) {
      throw new IllegalStateException("cannot start DynamoDB Local", e);
    }
  }

  /** The endpoint to give {@code aws.services.dynamodb.endpoint-override}. */
  public String endpoint() {
    return "http://127.0.0.1:" + port;
  }

  @Override
  public void close() {
    try {
      server.stop();
    } catch (Exception e) {
      throw new IllegalStateException(new IOException("cannot stop DynamoDB Local", e));
    }
  }
}
