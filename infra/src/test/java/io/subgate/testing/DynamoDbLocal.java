package io.subgate.testing;

import com.amazonaws.services.dynamodbv2.local.main.ServerRunner;
import com.amazonaws.services.dynamodbv2.local.server.DynamoDBProxyServer;
import java.net.ServerSocket;
import org.testcontainers.containers.localstack.LocalStackContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * A DynamoDB endpoint for tests. By default DynamoDB Local runs inside the test JVM on a free port
 * (no Docker; telemetry off; one shared database whatever the access key). Where a Docker engine
 * exists, {@code -Dsubgate.test.dynamodb=localstack} runs the same tests against LocalStack through
 * Testcontainers instead; it is never chosen automatically.
 */
public final class DynamoDbLocal implements AutoCloseable {
  static final String LOCALSTACK_IMAGE = "localstack/localstack:4.4.0";

  private final String endpoint;
  private final AutoCloseable stop;

  private DynamoDbLocal(String endpoint, AutoCloseable stop) {
    this.endpoint = endpoint;
    this.stop = stop;
  }

  public static DynamoDbLocal start() {
    String backend = System.getProperty("subgate.test.dynamodb", "local");
    return "localstack".equals(backend) ? localStack() : inJvm();
  }

  private static DynamoDbLocal inJvm() {
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
      return new DynamoDbLocal("http://127.0.0.1:" + port, server::stop);
    } catch (Exception e) {
      throw new IllegalStateException("cannot start DynamoDB Local", e);
    }
  }

  private static DynamoDbLocal localStack() {
    LocalStackContainer container =
        new LocalStackContainer(DockerImageName.parse(LOCALSTACK_IMAGE))
            .withServices(LocalStackContainer.Service.DYNAMODB);
    container.start();
    return new DynamoDbLocal(container.getEndpoint().toString(), container::stop);
  }

  /** The endpoint to give {@code aws.services.dynamodb.endpoint-override}. */
  public String endpoint() {
    return endpoint;
  }

  @Override
  public void close() {
    try {
      stop.close();
    } catch (Exception e) {
      throw new IllegalStateException("cannot stop the DynamoDB endpoint", e);
    }
  }
}
