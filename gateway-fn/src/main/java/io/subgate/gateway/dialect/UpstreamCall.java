package io.subgate.gateway.dialect;

import java.net.URI;
import java.util.List;
import java.util.Map;

/**
 * One request as the upstream must receive it.
 *
 * @param headers names as the upstream expects them; no hop-by-hop headers
 * @param alternates the same call on other base URLs, tried in order when {@code uri} does not
 *     answer or its dialect says to move on ({@link UpstreamDialect#triesNextBase})
 */
public record UpstreamCall(
    URI uri, Map<String, String> headers, byte[] body, List<URI> alternates) {

  public UpstreamCall {
    alternates = List.copyOf(alternates);
  }

  public UpstreamCall(URI uri, Map<String, String> headers, byte[] body) {
    this(uri, headers, body, List.of());
  }

  /** This call on {@code next} instead, with the alternates after it. */
  public UpstreamCall next() {
    return new UpstreamCall(
        alternates.get(0), headers, body, alternates.subList(1, alternates.size()));
  }
}
