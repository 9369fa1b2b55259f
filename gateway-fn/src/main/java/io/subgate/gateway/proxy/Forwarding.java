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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One upstream exchange on a chosen account: the call, then either the event stream relayed event
 * by event as it arrives or the complete response passed through with the headers a client needs,
 * and the usage record written off the response path.
 */
@Singleton
public final class Forwarding {
  private static final Logger LOG = LoggerFactory.getLogger(Forwarding.class);
  private static final List<String> PASSED_HEADERS =
      List.of("request-id", "x-request-id", "retry-after", "anthropic-ratelimit-unified-reset");

  private final UpstreamClient upstream;
  private final UsageWriter usage;
  private final StreamWatchdog watchdog;
  private final ProxySettings settings;
  private final JsonMapper json;
  private final Clock clock;

  public Forwarding(
      UpstreamClient upstream,
      UsageWriter usage,
      StreamWatchdog watchdog,
      ProxySettings settings,
      JsonMapper json,
      Clock clock) {
    this.upstream = upstream;
    this.usage = usage;
    this.watchdog = watchdog;
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
      String requestId) {
    Instant started = clock.instant();
    Route route = request.route();
    UpstreamClient.Answer answer;
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
      int status = answer.status();
      String type = answer.header("content-type").orElse(MediaType.APPLICATION_JSON);
      if (request.stream() && status / 100 == 2 && type.startsWith(MediaType.TEXT_EVENT_STREAM)) {
        return relay(exchange, route, body, record, passed(answer));
      }
      byte[] bytes = readAll(body, exchange);
      Optional<UpstreamFailure.Kind> failure = UpstreamFailure.classify(status);
      if (failure.isPresent()) {
        write(record, status, UsageCounts.NONE, null);
        return new UpstreamFailure(
            failure.get(),
            status,
            UpstreamFailure.resetAfter(answer::header, bytes, clock),
            bytes,
            "upstream status " + status);
      }
      UsageCounts counts = UsageCounts.NONE;
      if (status / 100 == 2) {
        UsageCounts parsed = UsageCounts.ofBody(json, bytes);
        if (parsed == null) {
          // Nothing from a broken upstream body reaches a success response.
          write(record, 502, UsageCounts.NONE, null);
          return new UpstreamFailure(
              UpstreamFailure.Kind.SERVER_ERROR,
              status,
              null,
              new byte[0],
              "upstream answered " + status + " with a body that is not a JSON object");
        }
        counts = parsed;
      }
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

  /**
   * Relays the stream event by event, each flushed as soon as it is complete. Events before the
   * first content event are held back: if the upstream fails before it (an error event, a cut, no
   * content within the first-token limit), nothing but pings has reached the client and the failure
   * is returned for another account to answer. After it, a failure ends the stream with the
   * protocol's error event and the usage record says 502 — never a truncated success.
   */
  private @Nullable UpstreamFailure relay(
      Exchange exchange, Route route, InputStream body, Usage record, Map<String, String> headers) {
    StreamObserver observer = new StreamObserver(route, json);
    StreamWatchdog.Watch watch =
        watchdog.watch(body, settings.firstTokenTimeout(), settings.streamIdleTimeout());
    List<byte[]> held = new ArrayList<>();
    boolean committed = false;
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
        watch.activity();
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
        if (event.length() > 1 && malformed(data)) {
          // A broken event is dropped rather than passed to a client that would choke on it.
          LOG.warn("proxy.malformed_event_skipped event={}", name);
        } else if (event.length() > 1) {
          boolean first = observer.observe(name, data.toString());
          if (first && firstTokenMs == null) {
            firstTokenMs = Duration.between(record.started(), clock.instant()).toMillis();
            watch.contentStarted();
          }
          UpstreamFailure.Kind error = observer.error();
          if (!committed && error != null) {
            watch.stop();
            write(record, 502, UsageCounts.NONE, null);
            return new UpstreamFailure(
                error, 200, null, new byte[0], "error event before any content: " + name);
          }
          byte[] bytes = event.toString().getBytes(StandardCharsets.UTF_8);
          if (committed) {
            if (!exchange.emit(bytes)) {
              clientGone = true;
              break;
            }
          } else {
            held.add(bytes);
            if (first || observer.completed()) {
              exchange.openStream(headers);
              committed = true;
              for (byte[] b : held) {
                exchange.emit(b);
              }
              held.clear();
            }
          }
        }
        event.setLength(0);
        data.setLength(0);
        name = "";
      }
    } catch (IOException e) {
      clientGone = exchange.cancelled();
    } finally {
      watch.stop();
    }
    boolean complete = observer.completed();
    if (!committed && !clientGone) {
      write(record, 502, UsageCounts.NONE, null);
      String why =
          watch.timedOut().isEmpty() ? "stream ended before any content" : watch.timedOut();
      return new UpstreamFailure(
          watch.timedOut().isEmpty()
              ? UpstreamFailure.Kind.SERVER_ERROR
              : UpstreamFailure.Kind.NO_ANSWER,
          200,
          null,
          new byte[0],
          why);
    }
    int status = complete ? 200 : clientGone ? 499 : 502;
    write(
        record,
        status,
        new UsageCounts(observer.inputTokens(), observer.outputTokens()),
        firstTokenMs);
    if (!complete && !clientGone) {
      String why =
          watch.timedOut().isEmpty()
              ? "upstream stream ended before the answer was complete"
              : "upstream stream stalled: " + watch.timedOut();
      exchange.emit(SseEvents.error(route, json, 502, why));
    }
    return null;
  }

  /** Data that is neither a JSON object nor OpenAI's {@code [DONE]} (empty data: a comment). */
  private static boolean malformed(CharSequence data) {
    if (data.length() == 0) {
      return false;
    }
    String d = data.toString().trim();
    return !d.equals("[DONE]") && !(d.startsWith("{") && d.endsWith("}"));
  }

  private byte[] readAll(InputStream body, Exchange exchange) throws IOException {
    byte[] bytes = body.readAllBytes();
    if (exchange.cancelled()) {
      throw new IOException("client closed the request");
    }
    return bytes;
  }

  private static Map<String, String> passed(UpstreamClient.Answer answer) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String name : PASSED_HEADERS) {
      answer.header(name).ifPresent(v -> out.put(name, v));
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
