package io.subgate.gateway.translate;

import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import io.subgate.gateway.protocol.ProxyRequest;
import io.subgate.gateway.protocol.Route;
import java.io.IOException;
import org.jspecify.annotations.Nullable;

/**
 * What the translators between two protocols share: the converted request as the upstream route's
 * request (the client's headers, model, stream flag and identity kept), the usage record read from
 * the upstream's own usage block (the protocols count cached tokens differently), a JSON answer,
 * and reading and writing JSON trees.
 */
abstract class Conversion implements Translator {
  protected final JsonMapper json;

  Conversion(JsonMapper json) {
    this.json = json;
  }

  /** The upstream's route for {@code client}'s request. */
  protected abstract Route upstreamRoute(ProxyRequest client);

  /** The client's request body in the upstream's protocol (reading what the answer needs). */
  protected abstract byte[] convert(ProxyRequest client);

  @Override
  public final ProxyRequest request(ProxyRequest client) {
    byte[] body = convert(client);
    JsonNode tree = read(body);
    if (tree == null) {
      throw new IllegalStateException("a converted request that does not read back");
    }
    return new ProxyRequest(
        upstreamRoute(client),
        client.headers(),
        "",
        body,
        tree,
        client.model(),
        client.stream(),
        client.client(),
        client.clientModel());
  }

  @Override
  public byte[] usageOf(byte[] upstreamBody, byte[] clientBody) {
    return upstreamBody;
  }

  @Override
  public String contentType(String upstreamContentType) {
    return "application/json";
  }

  /** The JSON object in {@code bytes}, or null when they hold none. */
  protected @Nullable JsonNode read(byte[] bytes) {
    try {
      JsonNode node = json.readValue(bytes, JsonNode.class);
      return node != null && node.isObject() ? node : null;
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /** The JSON object in {@code text} (an event's data), or null when it holds none. */
  protected @Nullable JsonNode read(String text) {
    try {
      JsonNode node = json.readValue(text, JsonNode.class);
      return node != null && node.isObject() ? node : null;
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  protected byte[] write(JsonNode node) {
    try {
      return json.writeValueAsBytes(node);
    } catch (IOException e) {
      throw new IllegalStateException("an answer that does not write", e);
    }
  }
}
