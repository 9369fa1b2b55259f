package io.subgate.gateway.proxy;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.context.ApplicationContext;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.subgate.account.Account;
import io.subgate.account.Platform;
import io.subgate.concurrency.ConcurrencySlots;
import io.subgate.concurrency.SlotPool;
import io.subgate.gateway.GatewayTestProperties;
import io.subgate.gateway.Http;
import io.subgate.gateway.lambda.GatewayLambdaHandler;
import io.subgate.gateway.lambda.RuntimeApiEmulator;
import io.subgate.gateway.lambda.StreamingFront;
import io.subgate.gateway.lambda.StreamingRuntime;
import io.subgate.testing.StubLlmUpstream.Fault;
import io.subgate.testing.StubLlmUpstream.StreamEnd;
import jakarta.inject.Inject;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The gateway as a streaming Lambda function: {@link StreamingRuntime} looping against a Runtime
 * API emulator, behind a local REST API with a {@code STREAM} integration. Events reach the client
 * as the upstream sends them, for as long as a coding agent's turn takes; failover, cut streams,
 * clients that hang up and complete answers behave as on Netty.
 */
@MicronautTest(transactional = false)
class LambdaStreamingTest extends UpstreamTestBase {
  /** How long the long stream runs; a coding agent's turn routinely streams for minutes. */
  static final Duration LONG_STREAM =
      Duration.ofSeconds(Long.getLong("subgate.test.long-stream-seconds", 90));

  static final Duration GAP = Duration.ofSeconds(2);

  @Inject ConcurrencySlots slots;

  private @Nullable ApplicationContext lambda;
  private @Nullable StreamingFront front;

  @Override
  protected void configure(Map<String, String> p) {
    p.put("subgate.proxy.first-token-timeout", "5s");
    p.put("subgate.proxy.stream-idle-timeout", "10s");
  }

  private StreamingFront front() throws Exception {
    if (front == null) {
      lambda =
          GatewayLambdaHandler.contextBuilder()
              .environments(StreamingRuntime.ENVIRONMENT, "test")
              .properties(new HashMap<>(getProperties()))
              .build();
      front = new StreamingFront(new RuntimeApiEmulator(), lambda, 2);
    }
    return front;
  }

  private URI base() throws Exception {
    return URI.create(front().baseUrl());
  }

  @AfterEach
  void calm() {
    upstream.eventGap(Duration.ZERO).deltas(3).clearFaults();
  }

  @AfterAll
  void stopLambda() {
    if (front != null) {
      front.close();
    }
    if (lambda != null) {
      lambda.close();
    }
  }

  /** One event as the client read it, and when. */
  record Received(long nanos, String text) {}

  private static List<Received> read(InputStream in) throws Exception {
    List<Received> out = new ArrayList<>();
    Sse.EventReader reader = new Sse.EventReader(in);
    for (String e = reader.next(); e != null; e = reader.next()) {
      out.add(new Received(System.nanoTime(), e));
    }
    return out;
  }

  /** Each event the upstream sent reaches the client within a second of its sending. */
  private void assertArrivedAsSent(List<Received> got, List<Long> sent) {
    assertEquals(sent.size(), got.size(), "every event the upstream sent, and nothing else");
    long worst = 0;
    for (int i = 0; i < got.size(); i++) {
      long lag = got.get(i).nanos() - sent.get(i);
      worst = Math.max(worst, lag);
      assertTrue(lag < 1_000_000_000L, "event " + i + " arrived " + lag / 1_000_000 + " ms late");
    }
    System.out.printf(
        "  worst event lag through the streaming function: %d ms%n", worst / 1_000_000);
  }

  @Test
  void aLongClaudeCodeTurn_arrivesEventByEvent_andIsNeverCutAt27Or30Seconds() throws Exception {
    String token = "sk-ant-oat-long-" + UUID.randomUUID();
    Account account = pools().oauth(Platform.ANTHROPIC, token, null, 1, 4);
    String key = pools().key(Platform.ANTHROPIC, 4, account);
    upstream.eventGap(GAP).deltas((int) (LONG_STREAM.toSeconds() / GAP.toSeconds()) - 3);
    long started = System.nanoTime();
    HttpResponse<InputStream> r =
        Sse.open(
            base(),
            "/v1/messages",
            key,
            Clients.claudeCodeBody(true, "long turn"),
            Clients.CLAUDE_CODE_HEADERS);
    assertEquals(200, r.statusCode());
    assertTrue(r.headers().firstValue("content-type").orElse("").startsWith("text/event-stream"));
    List<Received> got = read(r.body());
    long seconds = (System.nanoTime() - started) / 1_000_000_000L;
    assertArrivedAsSent(got, upstream.lastStreamSentAt());
    assertTrue(seconds >= LONG_STREAM.toSeconds() - 2, "ran " + seconds + " s");
    assertTrue(got.get(got.size() - 1).text().startsWith("event: message_stop"), "complete");
    assertTrue(got.stream().noneMatch(e -> e.text().startsWith("event: error")), "never cut");
    System.out.printf(
        "  %d events over %d s through the streaming function%n", got.size(), seconds);
  }

  @Test
  void aCodexTurnOnResponses_arrivesEventByEvent() throws Exception {
    String token = "codex-at-" + UUID.randomUUID();
    rules.codexAccount(token, "acct-" + token);
    Account codex = pools().oauth(Platform.OPENAI, token, "acct-" + token, 1, 4);
    String key = pools().key(Platform.OPENAI, 4, codex);
    upstream.eventGap(Duration.ofMillis(700)).deltas(12);
    HttpResponse<InputStream> r =
        Sse.open(base(), "/v1/responses", key, Clients.codexBody("hi"), Clients.CODEX_HEADERS);
    assertEquals(200, r.statusCode());
    List<Received> got = read(r.body());
    assertArrivedAsSent(got, upstream.lastStreamSentAt());
    assertTrue(got.get(got.size() - 1).text().startsWith("event: response.completed"));
    // Written after the answer, before the runtime asked for the next event.
    Http admin = new Http(server.getURI(), GatewayTestProperties.ADMIN_TOKEN);
    await()
        .atMost(Duration.ofSeconds(5))
        .until(
            () ->
                admin
                    .get("/admin/usage/requests?account_id=" + codex.id())
                    .body()
                    .contains("\"status\":200"));
  }

  /** A faulty account and a healthy one, the faulty one first. */
  private String pairKey(String faultySecret, String healthySecret) {
    Pools pools = pools();
    Account faulty = pools.account(Platform.ANTHROPIC, faultySecret, 1, 4);
    Account healthy = pools.account(Platform.ANTHROPIC, healthySecret, 9, 4);
    return pools.key(Platform.ANTHROPIC, 4, faulty, healthy);
  }

  private static String streamed(String text) {
    return "{\"model\":\"claude-sonnet-4\",\"max_tokens\":8,\"stream\":true,\"messages\":[{\"role\":"
        + "\"user\",\"content\":\""
        + text
        + "\"}]}";
  }

  @Test
  void aStreamCutBeforeContent_failsOverTransparently() throws Exception {
    String id = UUID.randomUUID().toString();
    String key = pairKey("sk-cut-" + id, "sk-ok-" + id);
    upstream.fault("sk-cut-" + id, Fault.stream(1, StreamEnd.CUT, -1));
    HttpResponse<InputStream> r = Sse.open(base(), "/v1/messages", key, streamed(id));
    assertEquals(200, r.statusCode());
    List<String> events = Sse.events(r.body());
    assertTrue(events.get(events.size() - 1).startsWith("event: message_stop"), events.toString());
    assertEquals(1, events.stream().filter(e -> e.startsWith("event: message_start")).count());
    assertEquals(1, upstream.callsWith("sk-ok-" + id));
  }

  @Test
  void aStreamCutAfterContent_endsWithTheProtocolsErrorEvent() throws Exception {
    String id = UUID.randomUUID().toString();
    String key = pairKey("sk-late-" + id, "sk-spare-" + id);
    upstream.fault("sk-late-" + id, Fault.stream(4, StreamEnd.CUT, -1));
    HttpResponse<InputStream> r = Sse.open(base(), "/v1/messages", key, streamed(id));
    assertEquals(200, r.statusCode());
    List<String> events = Sse.events(r.body());
    assertTrue(events.get(events.size() - 1).startsWith("event: error"), events.toString());
    assertEquals(0, upstream.callsWith("sk-spare-" + id), "a committed stream is never retried");
  }

  @Test
  void aClientThatHangsUp_endsTheUpstreamCall_andFreesTheSlotsAtOnce() throws Exception {
    String token = "sk-ant-oat-gone-" + UUID.randomUUID();
    Account account = pools().oauth(Platform.ANTHROPIC, token, null, 1, 4);
    String key = pools().key(Platform.ANTHROPIC, 4, account);
    upstream.eventGap(GAP).deltas(60);
    HttpResponse<InputStream> r =
        Sse.open(
            base(),
            "/v1/messages",
            key,
            Clients.claudeCodeBody(true, "bye"),
            Clients.CLAUDE_CODE_HEADERS);
    Sse.EventReader reader = new Sse.EventReader(r.body());
    long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (System.nanoTime() < until) {
      assertNotNull(reader.next(), "the stream goes on");
    }
    assertEquals(1, upstream.inFlight(), "the upstream call is running");
    assertEquals(1, slots.inUse(SlotPool.account(account.id()), Duration.ofMinutes(15)));
    long hungUp = System.nanoTime();
    RuntimeApiEmulator.Invocation invocation = front().last;
    assertNotNull(invocation);
    r.body().close();
    // API Gateway learns of the hang-up on its next write to the client, then closes the answer.
    await().atMost(Duration.ofSeconds(5)).until(() -> invocation.disconnectedAt != 0);
    await()
        .atMost(Duration.ofSeconds(1))
        .pollInterval(Duration.ofMillis(20))
        .until(
            () ->
                slots.inUse(SlotPool.account(account.id()), Duration.ofMinutes(15)) == 0
                    && slots.inUse(SlotPool.user(pools().userOf(key)), Duration.ofMinutes(15))
                        == 0);
    long free = System.nanoTime();
    // The gateway aborts the upstream connection at once; the stub notices at its next write.
    await()
        .atMost(GAP.plusSeconds(1))
        .pollInterval(Duration.ofMillis(20))
        .until(() -> upstream.inFlight() == 0);
    System.out.printf(
        "  slots free %d ms after the answer's connection closed (%d ms after"
            + " the client hung up)%n",
        (free - invocation.disconnectedAt) / 1_000_000, (free - hungUp) / 1_000_000);
  }

  @Test
  void aCompleteAnswer_andAnErrorBeforeTheStatus_areOrdinaryResponses() throws Exception {
    String id = UUID.randomUUID().toString();
    String key = pairKey("sk-a-" + id, "sk-b-" + id);
    HttpResponse<String> ok =
        Sse.send(
            base(),
            "/v1/messages",
            key,
            "{\"model\":\"claude-sonnet-4\",\"max_tokens\":8,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}");
    assertEquals(200, ok.statusCode(), ok.body());
    assertTrue(ok.body().contains("\"usage\""), ok.body());
    HttpResponse<String> refused =
        Sse.send(base(), "/v1/messages", "sk-sg-not-a-key", streamed("x"));
    assertEquals(401, refused.statusCode());
    assertTrue(refused.body().contains("authentication_error"), refused.body());
    assertFalse(refused.headers().firstValue("content-type").orElse("").contains("event-stream"));
  }
}
