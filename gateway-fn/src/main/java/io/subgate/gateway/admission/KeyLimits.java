package io.subgate.gateway.admission;

import io.micronaut.json.tree.JsonNode;
import io.subgate.gateway.protocol.GatewayException;
import io.subgate.gateway.protocol.ProxyRequest;
import io.subgate.routing.RequestGate;
import io.subgate.tenancy.Principal;
import java.time.Duration;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A key's own limits on the request path: the windows a request falls in (UTC minute and day), and
 * the 429 that refuses it, with {@code Retry-After} at the window's end.
 */
public final class KeyLimits {
  private KeyLimits() {}

  /** The output a request may reserve when it names no cap of its own. */
  static final long DEFAULT_OUTPUT_RESERVE = 4_096;

  /**
   * The key's limits for the minute and day of {@code now}, or null when it has none; with a daily
   * token limit, the request reserves {@link #estimate} tokens at admission.
   */
  public static RequestGate.@Nullable KeyLimit of(
      Principal principal, Instant now, ProxyRequest request) {
    if (principal.requestsPerMinute() <= 0 && principal.tokensPerDay() <= 0) {
      return null;
    }
    long second = now.getEpochSecond();
    return new RequestGate.KeyLimit(
        principal.apiKeyId(),
        principal.requestsPerMinute(),
        principal.tokensPerDay(),
        second / 60,
        Math.floorDiv(second, 86_400),
        principal.tokensPerDay() > 0 && request.route().generates() ? estimate(request) : 0);
  }

  /**
   * What a request may spend: its input at about four bytes a token, and its output cap ({@code
   * max_tokens}, {@code max_completion_tokens}, {@code max_output_tokens}, Gemini's {@code
   * generationConfig.maxOutputTokens}, in a Code Assist envelope too), or {@link
   * #DEFAULT_OUTPUT_RESERVE} when it names none.
   */
  public static long estimate(ProxyRequest request) {
    JsonNode body = request.json();
    JsonNode envelope = body.get("request");
    JsonNode config =
        (envelope != null && envelope.isObject() ? envelope : body).get("generationConfig");
    long output = -1;
    for (JsonNode cap :
        new JsonNode[] {
          body.get("max_tokens"),
          body.get("max_completion_tokens"),
          body.get("max_output_tokens"),
          config == null ? null : config.get("maxOutputTokens")
        }) {
      if (cap != null && cap.isNumber() && cap.getLongValue() > 0) {
        output = Math.max(output, cap.getLongValue());
      }
    }
    return request.body().length / 4L + (output > 0 ? output : DEFAULT_OUTPUT_RESERVE);
  }

  public static GatewayException refusal(
      Principal principal, RequestGate.KeyLimited which, Instant now) {
    long second = now.getEpochSecond();
    boolean perMinute = which == RequestGate.KeyLimited.REQUESTS_PER_MINUTE;
    long wait = perMinute ? 60 - second % 60 : 86_400 - Math.floorMod(second, 86_400);
    return new GatewayException(
        429,
        perMinute
            ? "this API key's limit of "
                + principal.requestsPerMinute()
                + " requests per minute is reached"
            : "this API key's limit of "
                + principal.tokensPerDay()
                + " tokens per day (UTC) is used up",
        Duration.ofSeconds(wait));
  }
}
