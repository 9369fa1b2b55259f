package io.subgate.gateway.proxy;

import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import io.subgate.account.Account;
import io.subgate.gateway.proxy.UpstreamClient.PassHeaders;
import io.subgate.tenancy.Principal;
import io.subgate.tenancy.UsageRecord;
import io.subgate.token.CachedToken;
import io.subgate.token.TokenLifecycle;
import io.subgate.token.TokenUnavailableException;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One upstream exchange on a chosen account: the token, the call, the response passed through with
 * the headers a client needs, and the usage record written off the response path.
 */
@Singleton
public final class Forwarding {
  private static final List<String> PASSED_HEADERS =
      List.of("request-id", "x-request-id", "retry-after", "anthropic-ratelimit-unified-reset");

  private final TokenLifecycle tokens;
  private final UpstreamClient upstream;
  private final UsageWriter usage;
  private final ProxySettings settings;
  private final JsonMapper json;
  private final Clock clock;

  public Forwarding(
      TokenLifecycle tokens,
      UpstreamClient upstream,
      UsageWriter usage,
      ProxySettings settings,
      JsonMapper json,
      Clock clock) {
    this.tokens = tokens;
    this.upstream = upstream;
    this.usage = usage;
    this.settings = settings;
    this.json = json;
    this.clock = clock;
  }

  CachedToken token(Account account) throws TokenUnavailableException {
    return tokens.accessToken(account);
  }

  MutableHttpResponse<byte[]> forward(
      ClientProtocol protocol,
      String path,
      HttpHeaders headers,
      byte[] body,
      JsonNode request,
      Principal principal,
      Account account,
      CachedToken token,
      String requestId)
      throws InterruptedException {
    Instant started = clock.instant();
    java.net.http.HttpResponse<byte[]> answer;
    try {
      answer =
          upstream.send(
              account,
              token,
              path,
              body,
              new PassHeaders(
                  headerOrEmpty(headers, "anthropic-version"),
                  headerOrEmpty(headers, "anthropic-beta")),
              settings.upstreamTimeout());
    } catch (IOException e) {
      throw new GatewayException(502, "upstream request failed");
    }
    long durationMs = Duration.between(started, clock.instant()).toMillis();
    record(request, principal, account, requestId, answer.statusCode(), answer.body(), durationMs);
    MutableHttpResponse<byte[]> response =
        HttpResponse.<byte[]>status(HttpStatus.valueOf(answer.statusCode())).body(answer.body());
    response.contentType(
        answer.headers().firstValue("content-type").orElse(MediaType.APPLICATION_JSON));
    for (String name : PASSED_HEADERS) {
      answer.headers().firstValue(name).ifPresent(v -> response.header(name, v));
    }
    return response;
  }

  private void record(
      JsonNode request,
      Principal principal,
      Account account,
      String requestId,
      int status,
      byte[] responseBody,
      long durationMs) {
    long[] tokensUsed = usageOf(responseBody);
    usage.write(
        new UsageRecord(
            requestId,
            principal.apiKeyId(),
            principal.userId(),
            account.id(),
            principal.groupId(),
            modelOf(request),
            tokensUsed[0],
            tokensUsed[1],
            status,
            false,
            durationMs,
            null,
            clock.instant()));
  }

  /** Input and output tokens from an Anthropic or OpenAI usage block; zeros when absent. */
  private long[] usageOf(byte[] body) {
    try {
      JsonNode root = json.readValue(body, JsonNode.class);
      JsonNode usageNode = root == null ? null : root.get("usage");
      if (usageNode == null || !usageNode.isObject()) {
        return new long[] {0, 0};
      }
      return new long[] {
        number(usageNode, "input_tokens", "prompt_tokens"),
        number(usageNode, "output_tokens", "completion_tokens")
      };
    } catch (IOException | RuntimeException e) {
      return new long[] {0, 0};
    }
  }

  private static long number(JsonNode node, String name, String alternative) {
    JsonNode value = node.get(name);
    if (value == null) {
      value = node.get(alternative);
    }
    return value != null && value.isNumber() ? value.getLongValue() : 0;
  }

  private static String modelOf(JsonNode request) {
    JsonNode model = request.get("model");
    return model != null && model.isString() ? model.getStringValue() : "";
  }

  private static String headerOrEmpty(HttpHeaders headers, String name) {
    @Nullable String value = headers.get(name);
    return value == null ? "" : value;
  }
}
