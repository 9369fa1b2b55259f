package io.subgate.gateway.proxy;

import io.micronaut.context.ApplicationContext;
import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import io.subgate.gateway.lambda.GatewayLambdaHandler;
import io.subgate.gateway.lambda.LambdaBridge;
import io.subgate.gateway.lambda.RuntimeApiEmulator;
import io.subgate.gateway.lambda.StreamingFront;
import io.subgate.gateway.lambda.StreamingRuntime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The gateway as Netty serves it and as Lambda does (the handler behind {@link LambdaBridge}, a
 * local API Gateway), on the same settings, so one client test runs against both.
 */
final class BothGateways implements AutoCloseable {
  private final Map<String, String> properties;
  private final JsonMapper json;
  private @Nullable GatewayLambdaHandler lambda;
  private @Nullable LambdaBridge bridge;
  private @Nullable ApplicationContext streamingContext;
  private @Nullable StreamingFront front;

  BothGateways(Map<String, String> properties, JsonMapper json) {
    this.properties = properties;
    this.json = json;
  }

  /**
   * The base URLs: Netty's, the buffered Lambda handler's behind its bridge, and the streaming
   * function's ({@link StreamingRuntime} under the Runtime API emulator, behind a streaming REST
   * API front), the last two started on first use.
   */
  List<String> urls(EmbeddedServer server) throws Exception {
    LambdaBridge b = bridge;
    if (b == null) {
      GatewayLambdaHandler handler =
          new GatewayLambdaHandler(
              GatewayLambdaHandler.contextBuilder()
                  .environments("test")
                  .properties(new HashMap<>(properties))
                  .build());
      lambda = handler;
      b = new LambdaBridge(handler, json);
      bridge = b;
    }
    StreamingFront f = front;
    if (f == null) {
      streamingContext =
          GatewayLambdaHandler.contextBuilder()
              .environments(StreamingRuntime.ENVIRONMENT, "test")
              .properties(new HashMap<>(properties))
              .build();
      f = new StreamingFront(new RuntimeApiEmulator(), streamingContext, 2);
      front = f;
    }
    return List.of(server.getURI().toString(), b.baseUrl(), f.baseUrl());
  }

  @Override
  public void close() {
    if (bridge != null) {
      bridge.close();
    }
    if (lambda != null) {
      lambda.close();
    }
    if (front != null) {
      front.close();
    }
    if (streamingContext != null) {
      streamingContext.close();
    }
  }
}
