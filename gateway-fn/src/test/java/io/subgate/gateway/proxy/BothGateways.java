package io.subgate.gateway.proxy;

import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import io.subgate.gateway.lambda.GatewayLambdaHandler;
import io.subgate.gateway.lambda.LambdaBridge;
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

  BothGateways(Map<String, String> properties, JsonMapper json) {
    this.properties = properties;
    this.json = json;
  }

  /** The base URLs: Netty's, then the Lambda bridge's (started on first use). */
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
    return List.of(server.getURI().toString(), b.baseUrl());
  }

  @Override
  public void close() {
    if (bridge != null) {
      bridge.close();
    }
    if (lambda != null) {
      lambda.close();
    }
  }
}
