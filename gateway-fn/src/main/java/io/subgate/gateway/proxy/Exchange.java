package io.subgate.gateway.proxy;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import java.io.Closeable;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;
import reactor.util.concurrent.Queues;

/**
 * One client exchange and the point of no return. Until {@link #openStream} nothing has reached the
 * client, so the gateway may still answer with any status (and, later, fail over transparently);
 * after it, the status is 200 and only events can follow. The request thread produces; Netty
 * consumes the events as they are emitted. A client that goes away cancels the stream: {@link
 * #cancelled} turns true and the registered upstream body is closed, which ends the relay and
 * releases the request's slots.
 */
public final class Exchange {
  private final CompletableFuture<MutableHttpResponse<?>> response = new CompletableFuture<>();

  /**
   * Events a slow client has not read yet, at most this many; past it the client is treated as gone
   * (the relay stops and the upstream body is closed) instead of the gateway buffering an endless
   * stream in memory.
   */
  static final int MAX_BUFFERED_EVENTS = 4096;

  /**
   * The stream's events, made when it opens (so non-null means streaming): a complete answer never
   * needs one. Linked chunks of 32 grow with what the client has not read yet, counted in {@link
   * #unread}; a queue of {@link #MAX_BUFFERED_EVENTS} made up front cost every request 16 KB of
   * zeroed memory (8 % of the gateway's CPU samples in a profile of complete answers).
   */
  private volatile Sinks.@Nullable Many<byte[]> events;

  private final AtomicInteger unread = new AtomicInteger();
  private volatile boolean cancelled;
  private final AtomicInteger attempts = new AtomicInteger();
  private volatile int accountSwitches;
  private final AtomicLong tokensUsed = new AtomicLong();
  private final AtomicLong picoSpent = new AtomicLong();
  private volatile BigDecimal groupRate = BigDecimal.ONE;
  private volatile @Nullable Closeable upstreamBody;
  private boolean openingSent;
  private boolean finished;

  public CompletableFuture<MutableHttpResponse<?>> response() {
    return response;
  }

  /** Whether the status line has been sent as a stream (only events may follow). */
  public boolean streaming() {
    return events != null;
  }

  public boolean cancelled() {
    return cancelled;
  }

  /** Answers with a complete response; ignored once a stream is open. */
  public synchronized void respond(MutableHttpResponse<?> complete) {
    if (events == null) {
      response.complete(complete);
    }
  }

  /** Commits a 200 event stream with {@code headers}; idempotent. */
  public synchronized void openStream(Map<String, String> headers) {
    if (events != null || response.isDone()) {
      return;
    }
    Sinks.Many<byte[]> sink =
        Sinks.many().unicast().onBackpressureBuffer(Queues.<byte[]>unbounded(32).get());
    events = sink;
    Flux<byte[]> body =
        sink.asFlux().doOnNext(e -> unread.decrementAndGet()).doOnCancel(this::clientGone);
    MutableHttpResponse<Flux<byte[]>> open = HttpResponse.status(HttpStatus.OK);
    open.header("Content-Type", "text/event-stream");
    open.header("Cache-Control", "no-cache");
    open.header("X-Accel-Buffering", "no");
    headers.forEach(open::header);
    response.complete(open.body(body));
  }

  /** The client went away: the relay stops and the upstream call is closed. */
  public void clientGone() {
    cancelled = true;
    closeUpstream();
  }

  /** Whether an attempt has sent the answer's opening. */
  public synchronized boolean openingClaimed() {
    return openingSent;
  }

  /**
   * Whether the calling attempt may send the answer's opening events: true for the first attempt
   * that asks; false once another attempt's opening has reached the client.
   */
  public synchronized boolean claimOpening() {
    if (openingSent) {
      return false;
    }
    openingSent = true;
    return true;
  }

  /** Sends one event (already framed); false when the client is gone or the stream ended. */
  public synchronized boolean emit(byte[] event) {
    Sinks.Many<byte[]> sink = events;
    if (sink == null || cancelled || finished || unread.get() >= MAX_BUFFERED_EVENTS) {
      return false;
    }
    unread.incrementAndGet();
    if (sink.tryEmitNext(event).isSuccess()) {
      return true;
    }
    unread.decrementAndGet();
    return false;
  }

  /** Ends the stream, if one is open. */
  public synchronized void finish() {
    finished = true;
    Sinks.Many<byte[]> sink = events;
    if (sink != null) {
      sink.tryEmitComplete();
    }
  }

  /**
   * Ends the exchange from outside the request thread (its deadline passed): {@code last} is the
   * final event of an open stream or the complete response otherwise; the upstream body is closed
   * so the request thread stops relaying.
   */
  public void expire(MutableHttpResponse<?> complete, byte[] last) {
    synchronized (this) {
      if (finished) {
        return;
      }
      Sinks.Many<byte[]> sink = events;
      if (sink != null) {
        emit(last);
      } else {
        response.complete(complete);
      }
      finished = true;
      cancelled = true;
      if (sink != null) {
        sink.tryEmitComplete();
      }
    }
    closeUpstream();
  }

  /** The upstream body to close if the client goes away. */
  public void upstreamBody(@Nullable Closeable body) {
    this.upstreamBody = body;
    if (cancelled) {
      closeUpstream();
    }
  }

  private void closeUpstream() {
    Closeable body = upstreamBody;
    if (body != null) {
      try {
        body.close();
      } catch (IOException e) {
        // Already broken: nothing more to release.
      }
    }
  }

  /** Numbers the request's upstream attempts: 1 for the first. */
  public int nextAttempt() {
    return attempts.incrementAndGet();
  }

  /** How many accounts the request has left so far. */
  public int accountSwitches() {
    return accountSwitches;
  }

  public void switched() {
    accountSwitches++;
  }

  /** Adds tokens an attempt used (input and output), charged to the key's day at the end. */
  public void used(long tokens) {
    tokensUsed.addAndGet(tokens);
  }

  public long tokensUsed() {
    return tokensUsed.get();
  }

  /** The serving group's rate multiplier, set once its pool is chosen. */
  public void groupRate(BigDecimal rate) {
    groupRate = rate;
  }

  public BigDecimal groupRate() {
    return groupRate;
  }

  /** Adds to what the request was charged (every attempt's answer), in pico-dollars. */
  public void spent(long pico) {
    picoSpent.addAndGet(pico);
  }

  public long picoSpent() {
    return picoSpent.get();
  }
}
