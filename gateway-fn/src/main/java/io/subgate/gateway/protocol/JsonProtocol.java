package io.subgate.gateway.protocol;

import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import io.subgate.gateway.relay.SseFrames;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.jspecify.annotations.Nullable;

/** What the JSON-body protocols share: model and stream flag from the body, SSE framing. */
abstract class JsonProtocol implements InboundProtocol {
  private final ClientProtocol errors;

  JsonProtocol(ClientProtocol errors) {
    this.errors = errors;
  }

  @Override
  public ClientProtocol errors() {
    return errors;
  }

  @Override
  public String model(Route route, @Nullable String pathModel, JsonNode body) {
    JsonNode model = body.get("model");
    if (model == null || !model.isString() || model.getStringValue().isBlank()) {
      throw new GatewayException(400, "model: is required");
    }
    return model.getStringValue();
  }

  @Override
  public boolean stream(Route route, JsonNode body) {
    JsonNode stream = body.get("stream");
    if (stream != null && !stream.isNull() && !stream.isBoolean()) {
      throw new GatewayException(400, "stream: must be a boolean");
    }
    return route.generates() && stream != null && stream.isBoolean() && stream.getBooleanValue();
  }

  static byte[] frame(String event, byte[] data) {
    return SseFrames.frame(event, data);
  }

  static byte[] write(JsonMapper json, Object value) {
    try {
      return json.writeValueAsBytes(value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
