package io.subgate.gateway.proxy;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.json.JsonMapper;
import io.subgate.account.Account;
import io.subgate.gateway.proxy.UpstreamClient.PassHeaders;
import io.subgate.tenancy.Principal;
import io.subgate.tenancy.UsageRecord;
import io.subgate.token.CachedToken;
import jakarta.inject.Singleton;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * One upstream exchange on a chosen account: the call, then either the event stream relayed event
 * by event as it arrives or the complete response passed through with the headers a client needs,
 * and the usage record written off the response path.
 */
@Singleton
public final class Forwarding {
  private static final List<String> PASSED_HEADERS =
      List.of("request-id", "x-request-id", "retry-after", "anthropic-ratelimit-unified-reset");

  private final UpstreamClient upstream;
  private final UsageWriter usage;
  private final ProxySettings settings;
  private final JsonMapper json;
  private final Clock clock;

  public Forwarding(
      UpstreamClient upstream,
      UsageWriter usage,
      ProxySettings settings,
      JsonMapper json,
      Clock clock) {
    this.upstream = upstream;
    this.usage = usage;
    this.settings = settings;
    this.json = json;
    this.clock = clock;
  }

  /**
   * One attempt. Returns null when the client has its answer (complete, streamed, or an upstream
   * client error passed through), or the failure when the upstream could not serve and nothing but
   * pings has reached the client, so another attempt may still answer transparently.
   */
  @Nullable UpstreamFailure forward(
      Exchange exchange,
      ProxyRequest request,
      Principal principal,
      Account account,
      CachedToken token,
      String requestId)
      throws InterruptedException {
    Instant started = clock.instant();
    Route route = request.route();
    java.net.http.HttpResponse<InputStream> answer;
    try {
      answer =
          upstream.open(
              account,
              token,
              route.path(),
              request.body(),
              new PassHeaders(
                  request.header("anthropic-version"), request.header("anthropic-beta")),
              settings.upstreamTimeout());
    } catch (IOException e) {
      return new UpstreamFailure(
          UpstreamFailure.Kind.NO_ANSWER, 0, null, new byte[0], e.getClass().getSimpleName());
    }
    Usage record = new Usage(request, principal, account, requestId, started);
    try (InputStream body = answer.body()) {
      exchange.upstreamBody(body);
      int status = answer.statusCode();
      String type = answer.headers().firstValue("content-type").orElse(MediaType.APPLICATION_JSON);
      if (request.stream() && status / 100 == 2 && type.startsWith(MediaType.TEXT_EVENT_STREAM)) {
        exchange.openStream(passed(answer));
        relay(exchange, route, body, record);
        return null;
      }
      byte[] bytes = readAll(body, exchange);
      Optional<UpstreamFailure.Kind> failure = UpstreamFailure.classify(status);
      if (failure.isPresent()) {
        write(record, status, UsageCounts.NONE, null);
        return new UpstreamFailure(
            failure.get(),
            status,
            UpstreamFailure.resetAfter(answer.headers(), clock),
            bytes,
            "upstream status " + status);
      }
      UsageCounts counts = status / 100 == 2 ? UsageCounts.ofBody(json, bytes) : UsageCounts.NONE;
      write(record, status, counts, null);
      if (exchange.streaming()) {
        // Pings already went out, so the status line is spent: the outcome becomes an event.
        exchange.emit(
            SseEvents.error(
                route,
                json,
                status / 100 == 2 ? 502 : status,
                status / 100 == 2
                    ? "upstream answered without a stream"
                    : "upstream error " + status));
        return null;
      }
      MutableHttpResponse<byte[]> response =
          HttpResponse.<byte[]>status(HttpStatus.valueOf(status)).body(bytes);
      response.contentType(type);
      passed(answer).forEach(response::header);
      exchange.respond(response);
      return null;
    } catch (IOException e) {
      write(record, 502, UsageCounts.NONE, null);
      if (exchange.cancelled()) {
        return null;
      }
      return new UpstreamFailure(
          UpstreamFailure.Kind.NO_ANSWER, 0, null, new byte[0], e.getClass().getSimpleName());
    }
  }

  /** Relays events one by one, each flushed to the client as soon as it is complete. */
  private void relay(Exchange exchange, Route route, InputStream body, Usage record) {
    StreamObserver observer = new StreamObserver(route, json);
    Long firstTokenMs = null;
    StringBuilder event = new StringBuilder();
    StringBuilder data = new StringBuilder();
    String name = "";
    boolean clientGone = false;
    try {
      BufferedReader lines =
          new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8));
      String line;
      while ((line = lines.readLine()) != null) {
        event.append(line).append('\n');
        if (!line.isEmpty()) {
          if (line.startsWith("event:")) {
            name = line.substring(6).trim();
          } else if (line.startsWith("data:")) {
            if (data.length() > 0) {
              data.append('\n');
            }
            data.append(line.substring(5).stripLeading());
          }
          continue;
        }
        if (event.length() > 1) {
          if (observer.observe(name, data.toString()) && firstTokenMs == null) {
            firstTokenMs = Duration.between(record.started(), clock.instant()).toMillis();
          }
          if (!exchange.emit(event.toString().getBytes(StandardCharsets.UTF_8))) {
            clientGone = true;
            break;
          }
        }
        event.setLength(0);
        data.setLength(0);
        name = "";
      }
    } catch (IOException e) {
      clientGone = exchange.cancelled();
    }
    boolean complete = observer.completed();
    int status = complete ? 200 : clientGone ? 499 : 502;
    write(
        record,
        status,
        new UsageCounts(observer.inputTokens(), observer.outputTokens()),
        firstTokenMs);
    if (!complete && !clientGone) {
      exchange.emit(
          SseEvents.error(
              route, json, 502, "upstream stream ended before the answer was complete"));
    }
  }

  private byte[] readAll(InputStream body, Exchange exchange) throws IOException {
    byte[] bytes = body.readAllBytes();
    if (exchange.cancelled()) {
      throw new IOException("client closed the request");
    }
    return bytes;
  }

  private static Map<String, String> passed(java.net.http.HttpResponse<?> answer) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String name : PASSED_HEADERS) {
      answer.headers().firstValue(name).ifPresent(v -> out.put(name, v));
    }
    return out;
  }

  private record Usage(
      ProxyRequest request,
      Principal principal,
      Account account,
      String requestId,
      Instant started) {}

  private void write(Usage u, int status, UsageCounts counts, @Nullable Long firstTokenMs) {
    usage.write(
        new UsageRecord(
            u.requestId(),
            u.principal().apiKeyId(),
            u.principal().userId(),
            u.account().id(),
            u.principal().groupId(),
            u.request().model(),
            counts.input(),
            counts.output(),
            status,
            u.request().stream(),
            Duration.between(u.started(), clock.instant()).toMillis(),
            firstTokenMs,
            clock.instant()));
  }
}
