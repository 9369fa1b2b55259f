package io.subgate.gateway.dialect;

import java.net.URI;
import java.util.Map;

/**
 * One request as the upstream must receive it.
 *
 * @param headers names as the upstream expects them; no hop-by-hop headers
 */
public record UpstreamCall(URI uri, Map<String, String> headers, byte[] body) {}
