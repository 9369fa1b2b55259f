package io.subgate.gateway.proxy;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import io.subgate.gateway.dialect.DialectRegistry;
import io.subgate.gateway.protocol.ProxyRequest;
import io.subgate.gateway.protocol.Route;
import io.subgate.gateway.usage.UsageWriter;
import io.subgate.routing.CandidateCache.Candidates;
import io.subgate.tenancy.Principal;
import io.subgate.tenancy.UsageRecord;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * {@code /v1/messages/count_tokens} on a group whose accounts cannot count (OpenAI and Gemini keys
 * have no such call): a local estimate, about four bytes of the request's system prompt, messages
 * and tools a token, answered in Anthropic's shape with {@code x-subgate-token-count: estimate} and
 * recorded with {@code upstream_model} {@value #MARK} and no account, so it is never taken for the
 * provider's figure.
 */
@Singleton
final class TokenEstimates {
  static final String HEADER = "x-subgate-token-count";
  static final String MARK = "local-estimate";
  private static final List<String> COUNTED = List.of("system", "messages", "tools");
  private static final List<String> COUNTED_GOOGLE =
      List.of("contents", "systemInstruction", "tools", "generateContentRequest");

  private final DialectRegistry dialects;
  private final UsageWriter usage;
  private final JsonMapper json;
  private final Clock clock;

  TokenEstimates(DialectRegistry dialects, UsageWriter usage, JsonMapper json, Clock clock) {
    this.dialects = dialects;
    this.usage = usage;
    this.json = json;
    this.clock = clock;
  }

  /** Whether {@code route} is answered here for {@code group}: token counting nobody can do. */
  boolean answers(Route route, Candidates group) {
    return (route == Route.COUNT_TOKENS || route == Route.GEMINI_COUNT_TOKENS)
        && !group.accounts().isEmpty()
        && !dialects.anyCarries(group.accounts(), route);
  }

  MutableHttpResponse<?> answer(ProxyRequest request, Principal principal, String requestId) {
    long bytes = 0;
    try {
      boolean google = request.route() == Route.GEMINI_COUNT_TOKENS;
      for (String field : google ? COUNTED_GOOGLE : COUNTED) {
        JsonNode value = request.json().get(field);
        if (value != null) {
          bytes += json.writeValueAsBytes(value).length;
        }
      }
      long tokens = Math.max(1, (bytes + 3) / 4);
      usage.write(
          new UsageRecord(
              requestId,
              principal.apiKeyId(),
              principal.userId(),
              null,
              principal.groupId(),
              request.clientModel(),
              0,
              0,
              200,
              false,
              0,
              null,
              clock.instant(),
              0,
              0,
              MARK,
              request.route().protocol().name(),
              1,
              0));
      return HttpResponse.ok(
              json.writeValueAsBytes(Map.of(google ? "totalTokens" : "input_tokens", tokens)))
          .contentType(MediaType.APPLICATION_JSON_TYPE)
          .header(HEADER, "estimate");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
