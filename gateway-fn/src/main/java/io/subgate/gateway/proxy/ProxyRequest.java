package io.subgate.gateway.proxy;

import io.micronaut.http.HttpHeaders;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import java.io.IOException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A client request, validated: the body is a JSON object with a model, {@code stream} (when given)
 * is a boolean, and the content type (when given) is JSON. The body itself is forwarded unchanged.
 *
 * @param headers the request headers, names in lower case
 * @param stream whether the client asked for a stream (only on routes that generate)
 */
record ProxyRequest(
    Route route,
    Map<String, String> headers,
    byte[] body,
    JsonNode json,
    String model,
    boolean stream) {

  static ProxyRequest parse(
      Route route, HttpHeaders headers, byte @Nullable [] body, JsonMapper json) {
    Map<String, String> lower = lowerCase(headers);
    String type = lower.getOrDefault("content-type", "");
    if (!type.isEmpty() && !type.toLowerCase(Locale.ROOT).contains("json")) {
      throw new GatewayException(415, "content-type must be application/json");
    }
    if (body == null || body.length == 0) {
      throw new GatewayException(400, "request body is empty");
    }
    JsonNode node;
    try {
      node = json.readValue(body, JsonNode.class);
    } catch (IOException | RuntimeException e) {
      throw new GatewayException(400, "request body is not valid JSON");
    }
    if (node == null || !node.isObject()) {
      throw new GatewayException(400, "request body must be a JSON object");
    }
    JsonNode model = node.get("model");
    if (model == null || !model.isString() || model.getStringValue().isBlank()) {
      throw new GatewayException(400, "model: is required");
    }
    JsonNode stream = node.get("stream");
    if (stream != null && !stream.isNull() && !stream.isBoolean()) {
      throw new GatewayException(400, "stream: must be a boolean");
    }
    boolean streaming =
        route.generates() && stream != null && stream.isBoolean() && stream.getBooleanValue();
    return new ProxyRequest(route, lower, body, node, model.getStringValue(), streaming);
  }

  String header(String lowerCaseName) {
    return headers.getOrDefault(lowerCaseName, "");
  }

  private static Map<String, String> lowerCase(HttpHeaders headers) {
    Map<String, String> out = new HashMap<>();
    for (String name : headers.names()) {
      String value = headers.get(name);
      if (value != null) {
        out.put(name.toLowerCase(Locale.ROOT), value);
      }
    }
    return out;
  }
}
