package io.subgate.gateway.protocol;

import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import io.subgate.gateway.proxy.ClientProtocol;
import io.subgate.gateway.proxy.Route;
import io.subgate.routing.SessionHash;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;

/**
 * One client wire format (Anthropic Messages, OpenAI Chat Completions, OpenAI Responses): how its
 * requests are read and how the gateway speaks to its clients. It knows nothing of accounts,
 * upstream URLs or tokens.
 *
 * <p>Implementations are stateless and thread-safe.
 */
public interface InboundProtocol {

  /** The name in logs, usage records and docs, e.g. {@code anthropic-messages}. */
  String name();

  /** The error body shape of this protocol's clients. */
  ClientProtocol errors();

  /**
   * The model a request names. The body has been checked to be a JSON object.
   *
   * @throws io.subgate.gateway.proxy.GatewayException 400 when it names none
   */
  String model(Route route, JsonNode body);

  /** Whether the client asked for a stream (only on routes that generate). */
  boolean stream(Route route, JsonNode body);

  /**
   * The sticky-session seed of a request (the client's session id, else its conversation's stable
   * part), or empty when it has none.
   */
  default Optional<String> sessionSeed(
      JsonNode body, Map<String, String> headers, JsonMapper json) {
    return SessionHash.of(body, headers, json);
  }

  /** Which client sent the request, from what it sent itself. */
  ClientIdentity identify(Route route, Map<String, String> headers, JsonNode body, JsonMapper json);

  /** A keep-alive event for a stream the gateway holds open while it waits. */
  byte[] ping();

  /** The event that ends an open stream with an error. */
  byte[] streamError(JsonMapper json, int status, String message);

  /** A complete error response body. */
  default byte[] errorBody(JsonMapper json, int status, String message) {
    return errors().errorBody(json, status, message);
  }

  /** The model list answer for {@code ids}. */
  Map<String, Object> modelList(SortedSet<String> ids);
}
