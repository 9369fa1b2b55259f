package io.subgate.gateway.proxy;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.json.JsonMapper;
import io.subgate.account.Account;
import io.subgate.egress.EgressProxy;
import io.subgate.egress.EgressRoutes;
import io.subgate.egress.EgressUnavailableException;
import io.subgate.gateway.dialect.Attempt;
import io.subgate.gateway.dialect.DialectRegistry;
import io.subgate.gateway.dialect.UpstreamCall;
import io.subgate.gateway.dialect.UpstreamDialect;
import io.subgate.gateway.dialect.UpstreamEvents;
import io.subgate.gateway.dialect.UpstreamEvents.Signal;
import io.subgate.gateway.dialect.UpstreamFailure;
import io.subgate.gateway.protocol.GatewayException;
import io.subgate.gateway.protocol.ProxyRequest;
import io.subgate.gateway.protocol.Route;
import io.subgate.gateway.relay.SseEvent;
import io.subgate.gateway.relay.SseReader;
import io.subgate.gateway.translate.ClientModelName;
import io.subgate.gateway.translate.Translator;
import io.subgate.gateway.usage.RequestPricing;
import io.subgate.gateway.usage.UsageWriter;
import io.subgate.tenancy.Principal;
import io.subgate.token.CachedToken;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One upstream exchange on a chosen account, through the account's dialect: the call it prepares,
 * then either the event stream relayed event by event as it arrives or the complete response passed
 * through with the headers a client needs, and the usage record written off the response path.
 * Knows no provider: what a status or an event means is the dialect's reading.
 */
@Singleton
public final class Forwarding {
  private static final Logger LOG = LoggerFactory.getLogger(Forwarding.class);
  private static final List<String> PASSED_HEADERS =
      List.of("request-id", "x-request-id", "retry-after", "anthropic-ratelimit-unified-reset");

  private static final Duration STREAM_READ_MARGIN = Duration.ofSeconds(5);

  private final UpstreamClient upstream;
  private final EgressRoutes routes;
  private final OperatorRules rules;
  private final DialectRegistry dialects;
  private final QuotaRecorder quotas;
  private final UsageWriter usage;
  private final RequestPricing pricing;
  private final ProxyMetrics metrics;
  private final StreamWatchdog watchdog;
  private final ProxySettings settings;
  private final JsonMapper json;
  private final Clock clock;

  public Forwarding(
      UpstreamClient upstream,
      EgressRoutes routes,
      OperatorRules rules,
      DialectRegistry dialects,
      QuotaRecorder quotas,
      UsageWriter usage,
      RequestPricing pricing,
      ProxyMetrics metrics,
      StreamWatchdog watchdog,
      ProxySettings settings,
      JsonMapper json,
      Clock clock) {
    this.upstream = upstream;
    this.routes = routes;
    this.rules = rules;
    this.dialects = dialects;
    this.quotas = quotas;
    this.usage = usage;
    this.pricing = pricing;
    this.metrics = metrics;
    this.watchdog = watchdog;
    this.settings = settings;
    this.json = json;
    this.clock = clock;
  }

  /**
   * One attempt through the account's dialect: the answer (complete, streamed, or an upstream
   * client error passed through), or the failure when the upstream could not serve and nothing but
   * pings has reached the client, so another attempt may still answer transparently.
   *
   * @throws GatewayException 400 when the request breaks the upstream's contract (no call is made)
   */
  Attempt forward(
      Exchange exchange,
      ProxyRequest request,
      Principal principal,
      Account account,
      CachedToken token,
      String requestId) {
    Instant started = clock.instant();
    Route route = request.route();
    UpstreamDialect dialect = dialects.of(account);
    Translator translator =
        dialects
            .translator(dialect, route)
            .orElseThrow(
                () -> new IllegalStateException(dialect.name() + " cannot serve " + route));
    if (translator == Translator.IDENTITY && !request.model().equals(request.clientModel())) {
      translator = new ClientModelName(json, request.clientModel());
    }
    ProxyRequest upstreamRequest = translator.request(request);
    UpstreamCall call = dialect.prepare(upstreamRequest, account, token);
    UpstreamClient.Answer answer;
    byte[] early = null;
    while (true) {
      try {
        answer = open(request, call, routes.of(account));
      } catch (EgressUnavailableException e) {
        return new UpstreamFailure(
            UpstreamFailure.Kind.EGRESS_DOWN, 0, null, String.valueOf(e.getMessage()));
      } catch (InterruptedIOException e) {
        if (!call.alternates().isEmpty()) {
          call = call.next();
          continue;
        }
        // A connect or header timeout: the upstream is silent, and trying it again would only
        // double the wait (a refused or reset connection is NO_ANSWER and retried in place).
        return new UpstreamFailure(
            UpstreamFailure.Kind.TIMED_OUT, 0, null, String.valueOf(e.getMessage()));
      } catch (IOException e) {
        if (!call.alternates().isEmpty()) {
          call = call.next();
          continue;
        }
        return new UpstreamFailure(
            UpstreamFailure.Kind.NO_ANSWER, 0, null, e.getClass().getSimpleName());
      }
      if (answer.status() / 100 == 2 || call.alternates().isEmpty()) {
        break;
      }
      // Another base URL may serve what this one refused (Antigravity's daily → production).
      try {
        early = readAll(answer.body(), exchange);
      } catch (IOException e) {
        early = new byte[0];
      } finally {
        closeQuietly(answer.body());
      }
      if (!dialect.triesNextBase(answer, early)) {
        break;
      }
      early = null;
      call = call.next();
    }
    quotas.observed(account, dialect.quota(answer), answer.status() == 429);
    AttemptRecord record =
        new AttemptRecord(
            metrics, usage, pricing, clock, request, principal, account, requestId, started,
            exchange);
    InputStream body = answer.body();
    try {
      exchange.upstreamBody(body);
      int status = answer.status();
      String type = answer.header("content-type").orElse(MediaType.APPLICATION_JSON);
      if (request.stream() && status / 100 == 2 && type.startsWith(MediaType.TEXT_EVENT_STREAM)) {
        return relay(
            exchange,
            route,
            body,
            record,
            passed(answer),
            dialect.events(upstreamRequest.route()),
            translator);
      }
      byte[] bytes = early != null ? early : readAll(body, exchange);
      Optional<UpstreamFailure> failure =
          dialect.judge(answer, bytes).flatMap(f -> rules.apply(account, status, bytes, f));
      if (failure.isPresent()) {
        record.write(status, UsageCounts.NONE, null);
        return failure.get();
      }
      UsageCounts counts = UsageCounts.NONE;
      byte[] answered = translator.body(bytes);
      if (status / 100 == 2) {
        UsageCounts parsed = UsageCounts.ofBody(json, translator.usageOf(bytes, answered));
        if (parsed == null) {
          // Nothing from a broken upstream body reaches a success response.
          record.write(502, UsageCounts.NONE, null);
          return new UpstreamFailure(
              UpstreamFailure.Kind.SERVER_ERROR,
              status,
              null,
              "upstream answered " + status + " with a body that is not a JSON object");
        }
        counts = parsed;
      }
      record.write(status, counts, null);
      if (exchange.streaming()) {
        // Pings already went out, so the status line is spent: the outcome becomes an event.
        exchange.emit(
            route
                .protocol()
                .streamError(
                    json,
                    status / 100 == 2 ? 502 : status,
                    status / 100 == 2
                        ? "upstream answered without a stream"
                        : "upstream error " + status));
        return Attempt.ANSWERED;
      }
      MutableHttpResponse<byte[]> response =
          HttpResponse.<byte[]>status(HttpStatus.valueOf(status)).body(answered);
      response.contentType(translator.contentType(type));
      passed(answer).forEach(response::header);
      exchange.respond(response);
      return Attempt.ANSWERED;
    } catch (IOException e) {
      record.write(502, UsageCounts.NONE, null);
      if (exchange.cancelled()) {
        return Attempt.ANSWERED;
      }
      return new UpstreamFailure(
          UpstreamFailure.Kind.NO_ANSWER, 0, null, e.getClass().getSimpleName());
    } finally {
      closeQuietly(body);
    }
  }

  private UpstreamClient.Answer open(
      ProxyRequest request, UpstreamCall call, @Nullable EgressProxy via) throws IOException {
    return request.stream()
        ? upstream.open(
            call,
            via,
            settings.responseHeaderTimeout(),
            // Above the idle limit, so the watchdog ends a silent stream (and says why).
            settings.streamIdleTimeout().plus(STREAM_READ_MARGIN))
        : upstream.open(call, via, settings.upstreamTimeout(), settings.upstreamTimeout());
  }

  /**
   * Closes an upstream body whose outcome is already decided. Why not try-with-resources: a close
   * that fails (its socket already timed out) would become the attempt's failure, and a relayed
   * stream would be retried onto the one the client already has (seen as streams concatenated).
   */
  private static void closeQuietly(InputStream body) {
    try {
      body.close();
    } catch (IOException e) {
      // The exchange is over either way; the connection is discarded.
    }
  }

  /**
   * Relays the stream event by event (SSE reader → the dialect's reading → translator → the
   * client), each flushed as soon as it is complete. Until the first content event the stream is
   * not committed: if the upstream fails before it (an error event, a cut, no content within the
   * first-token limit), the client has seen at most the answer's opening events (and pings), and
   * the failure is returned for another account to answer, whose own opening is then dropped. An
   * error the request caused is the client's answer and is relayed. After the commit, a failure
   * ends the stream with the protocol's error event and the usage record says 502 — never a
   * truncated success.
   */
  private Attempt relay(
      Exchange exchange,
      Route route,
      InputStream body,
      AttemptRecord record,
      Map<String, String> headers,
      UpstreamEvents events,
      Translator translator) {
    if (exchange.openingClaimed()) {
      // An earlier attempt's opening reached the client; a conversion that makes its own opening
      // from a content event (Chat chunks → message_start) must not send a second.
      translator.openingSent();
    }
    StreamWatchdog.Watch watch =
        watchdog.watch(body, settings.firstTokenTimeout(), settings.streamIdleTimeout());
    boolean ownOpening = false;
    long contentChars = 0;
    boolean committed = false;
    boolean complete = false;
    boolean requestFault = false;
    boolean clientGone = false;
    Long firstTokenMs = null;
    try {
      SseReader reader = new SseReader(body, watch::activity);
      SseEvent event;
      relaying:
      while ((event = reader.next()) != null) {
        if (event.malformed()) {
          // A broken event is dropped rather than passed to a client that would choke on it.
          LOG.warn("proxy.malformed_event_skipped event={}", event.name());
          continue;
        }
        Signal signal = events.observe(event);
        if (signal == Signal.CONTENT) {
          contentChars += event.data().length();
        }
        if (signal == Signal.CONTENT && firstTokenMs == null) {
          firstTokenMs = Duration.between(record.started(), clock.instant()).toMillis();
          watch.contentStarted();
        }
        if (signal == Signal.FAILED && !committed) {
          watch.stop();
          record.write(502, UsageCounts.NONE, null);
          return new UpstreamFailure(
              events.failure(), 200, null, "error event before any content: " + event.name());
        }
        complete |= signal == Signal.TERMINAL;
        requestFault |= signal == Signal.REQUEST_FAULT;
        List<byte[]> out = translator.event(event);
        if (!committed && signal == Signal.OTHER) {
          // The answer's opening (message_start, response.created) goes out at once: a client
          // sees its answer begin without waiting for content. Failover stays transparent: an
          // attempt after a failed one drops its own opening, so the client sees one.
          if (!ownOpening && !exchange.claimOpening()) {
            continue;
          }
          ownOpening = true;
          exchange.openStream(headers);
        } else if (!committed) {
          exchange.openStream(headers);
          committed = true;
        }
        for (byte[] b : out) {
          if (!exchange.emit(b)) {
            clientGone = true;
            break relaying;
          }
        }
      }
    } catch (IOException e) {
      clientGone = exchange.cancelled();
    } finally {
      watch.stop();
    }
    if (!committed && !clientGone) {
      record.write(502, UsageCounts.NONE, null);
      String why =
          watch.timedOut().isEmpty() ? "stream ended before any content" : watch.timedOut();
      return new UpstreamFailure(
          watch.timedOut().isEmpty()
              ? UpstreamFailure.Kind.SERVER_ERROR
              : UpstreamFailure.Kind.TIMED_OUT,
          200,
          null,
          why);
    }
    int status = requestFault ? 400 : complete ? 200 : clientGone ? 499 : 502;
    UsageCounts counts = UsageCounts.of(events);
    record.write(status, counts, firstTokenMs);
    long estimate = contentChars / 4;
    if (!complete && estimate > counts.tokens().output()) {
      // A stream cut before its final usage still produced what the client read: the key's daily
      // token limit and budgets are charged an estimate of it (about four characters a token),
      // not the 1 or 0 output tokens the opening reported.
      record.unreported(estimate - counts.tokens().output(), counts.model());
    }
    if (!complete && !clientGone && !requestFault) {
      String why =
          watch.timedOut().isEmpty()
              ? "upstream stream ended before the answer was complete"
              : "upstream stream stalled: " + watch.timedOut();
      exchange.emit(route.protocol().streamError(json, 502, why));
    }
    return Attempt.ANSWERED;
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
}
