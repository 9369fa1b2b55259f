package io.subgate.gateway.protocol;

import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import io.subgate.routing.SessionHash;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import org.jspecify.annotations.Nullable;

/**
 * One client wire format (Anthropic Messages, OpenAI Chat Completions, OpenAI Responses, Gemini's
 * public API, the Code Assist envelope): how its requests are read and how the gateway speaks to
 * its clients. It knows nothing of accounts, upstream URLs or tokens.
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
   * @param pathModel the model segment of the path on routes that carry one (Gemini), else null
   * @throws io.subgate.gateway.protocol.GatewayException 400 when it names none, or the body lacks
   *     what every request of this protocol must have
   */
  String model(Route route, @Nullable String pathModel, JsonNode body);

  /** The status of a request for a model the key's group does not serve (Google: 404). */
  default int unknownModelStatus() {
    return 400;
  }

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

  /**
   * A keep-alive event for a stream the gateway holds open while it waits; empty when the
   * protocol's clients get none (Gemini's).
   */
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
