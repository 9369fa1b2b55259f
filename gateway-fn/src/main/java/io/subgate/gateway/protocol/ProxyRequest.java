package io.subgate.gateway.protocol;

import io.micronaut.http.HttpHeaders;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A client request, validated by its route's protocol: the body is a JSON object naming a model,
 * {@code stream} (when given) is a boolean, and the content type (when given) is JSON.
 *
 * @param headers the request headers, names in lower case
 * @param query the raw query string, empty when there is none
 * @param stream whether the client asked for a stream (only on routes that generate)
 * @param client the client the request came from, as it identified itself
 * @param clientModel the model the client asked for; {@code model} is what the account is asked for
 *     (a group's model mapping or default may differ), and the client sees this name
 */
public record ProxyRequest(
    Route route,
    Map<String, String> headers,
    String query,
    byte[] body,
    JsonNode json,
    String model,
    boolean stream,
    ClientIdentity client,
    String clientModel) {

  /** A request whose account is asked for the model the client named. */
  public ProxyRequest(
      Route route,
      Map<String, String> headers,
      String query,
      byte[] body,
      JsonNode json,
      String model,
      boolean stream,
      ClientIdentity client) {
    this(route, headers, query, body, json, model, stream, client, model);
  }

  /**
   * This request asking its account for {@code upstream}: the body's top-level {@code model}
   * rewritten where it has one (a Gemini path names the model instead); the client's model kept.
   */
  public ProxyRequest withModel(String upstream, JsonMapper mapper) {
    if (upstream.equals(model)) {
      return this;
    }
    JsonNode named = json.get("model");
    if (named == null || !named.isString()) {
      return new ProxyRequest(
          route, headers, query, body, json, upstream, stream, client, clientModel);
    }
    JsonNode next = JsonTrees.withField(json, "model", JsonNode.createStringNode(upstream));
    try {
      return new ProxyRequest(
          route,
          headers,
          query,
          mapper.writeValueAsBytes(next),
          next,
          upstream,
          stream,
          client,
          clientModel);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static ProxyRequest parse(
      Route route,
      @Nullable String pathModel,
      HttpHeaders headers,
      @Nullable String query,
      byte @Nullable [] body,
      JsonMapper json) {
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
    String model = route.protocol().model(route, pathModel, node);
    checkModel(model);
    return new ProxyRequest(
        route,
        lower,
        query == null ? "" : query,
        body,
        node,
        model,
        route.protocol().stream(route, node),
        route.protocol().identify(route, lower, node, json));
  }

  /** The longest model name taken: no provider's is near it, and every one is stored and logged. */
  public static final int MAX_MODEL = 256;

  /**
   * Refuses a model no provider has, before anything is sent or stored: longer than {@link
   * #MAX_MODEL} or holding control characters.
   */
  public static void checkModel(String model) {
    if (model.length() > MAX_MODEL) {
      throw new GatewayException(
          400, "model: at most " + MAX_MODEL + " characters (" + model.length() + " given)");
    }
    for (int i = 0; i < model.length(); i++) {
      char c = model.charAt(i);
      if (Character.isISOControl(c) || Character.getType(c) == Character.FORMAT) {
        throw new GatewayException(400, "model: control characters are not allowed");
      }
    }
  }

  public String header(String lowerCaseName) {
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
