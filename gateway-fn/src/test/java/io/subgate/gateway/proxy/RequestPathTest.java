package io.subgate.gateway.proxy;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.subgate.account.Account;
import io.subgate.account.Platform;
import io.subgate.adapter.redis.RedisConnection;
import io.subgate.concurrency.ConcurrencySlots;
import io.subgate.concurrency.SlotPool;
import io.subgate.routing.CandidateCache;
import io.subgate.tenancy.UsageRecord;
import io.subgate.tenancy.UsageRepository;
import io.subgate.testing.RepositoryCalls;
import io.subgate.testing.StubLlmUpstream;
import jakarta.inject.Inject;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/**
 * The request path end to end through the Netty server, on PostgreSQL and Redis, against the stub
 * upstream: every route streaming and not, events relayed as they arrive, usage recorded, the
 * warm-request budget, sticky sessions.
 */
@MicronautTest(transactional = false)
class RequestPathTest extends UpstreamTestBase {
  static final String MESSAGES =
      "{\"model\":\"claude-sonnet-4\",\"max_tokens\":64,%s"
          + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
  static final String CHAT =
      "{\"model\":\"gpt-5\",%s\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
  static final String RESPONSES = "{\"model\":\"gpt-5\",%s\"input\":\"hi\"}";
  private static final Duration SLOT_TTL = Duration.ofMinutes(15);

  @Inject UsageRepository usage;
  @Inject ConcurrencySlots slots;
  @Inject CandidateCache candidates;
  @Inject RedisConnection redis;
  @Inject RepositoryCalls repositoryCalls;
  @Inject io.subgate.tenancy.LimitRepository limits;

  @Override
  protected void configure(Map<String, String> p) {
    p.put("subgate.test.count-repository-calls", "true");
  }

  private URI base() {
    return server.getURI();
  }

  static String body(String template, boolean stream) {
    return String.format(template, stream ? "\"stream\":true," : "");
  }

  private UsageRecord lastUsage(String key) {
    long keyId = pools().keyId(key);
    return await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> usage.recentForKey(keyId, 1), l -> !l.isEmpty())
        .get(0);
  }

  @Test
  void everyRoute_answersCompleteResponses_andRecordsUsage() throws Exception {
    String anthropic =
        pools().key(Platform.ANTHROPIC, 5, pools().account(Platform.ANTHROPIC, "sk-ant-1", 1, 4));
    String openai =
        pools().key(Platform.OPENAI, 5, pools().account(Platform.OPENAI, "sk-oa-1", 1, 4));

    HttpResponse<String> messages =
        Sse.send(base(), "/v1/messages", anthropic, body(MESSAGES, false));
    assertEquals(200, messages.statusCode(), messages.body());
    assertTrue(messages.body().contains("\"text\":\"hello\""));
    assertEquals("sk-ant-1", upstream.header("x-api-key"));

    HttpResponse<String> count =
        Sse.send(base(), "/v1/messages/count_tokens", anthropic, body(MESSAGES, false));
    assertEquals(200, count.statusCode(), count.body());
    assertEquals("{\"input_tokens\":12}", count.body());

    HttpResponse<String> chat = Sse.send(base(), "/v1/chat/completions", openai, body(CHAT, false));
    assertEquals(200, chat.statusCode(), chat.body());
    assertTrue(chat.body().contains("chat.completion"));
    assertEquals("Bearer sk-oa-1", upstream.header("authorization"));
    UsageRecord chatUsage = lastUsage(openai);
    assertEquals(StubLlmUpstream.INPUT_TOKENS, chatUsage.inputTokens());
    assertEquals(StubLlmUpstream.OUTPUT_TOKENS, chatUsage.outputTokens());

    HttpResponse<String> responses =
        Sse.send(base(), "/v1/responses", openai, body(RESPONSES, false));
    assertEquals(200, responses.statusCode(), responses.body());
    assertTrue(responses.body().contains("\"object\":\"response\""));
  }

  @Test
  void everyStreamingRoute_relaysEvents_endsWithTheTerminalEvent_andRecordsUsage()
      throws Exception {
    String anthropic =
        pools().key(Platform.ANTHROPIC, 5, pools().account(Platform.ANTHROPIC, "sk-ant-2", 1, 4));
    String openai =
        pools().key(Platform.OPENAI, 5, pools().account(Platform.OPENAI, "sk-oa-2", 1, 4));
    Object[][] cases = {
      {anthropic, "/v1/messages", body(MESSAGES, true), "event: message_stop"},
      {openai, "/v1/chat/completions", body(CHAT, true), "data: [DONE]"},
      {openai, "/v1/responses", body(RESPONSES, true), "event: response.completed"},
    };
    for (Object[] c : cases) {
      String key = (String) c[0];
      HttpResponse<InputStream> r = Sse.open(base(), (String) c[1], key, (String) c[2]);
      assertEquals(200, r.statusCode());
      assertTrue(r.headers().firstValue("content-type").orElse("").startsWith("text/event-stream"));
      List<String> events = Sse.events(r.body());
      assertTrue(events.size() >= 4, c[1] + " " + events);
      assertTrue(events.get(events.size() - 1).startsWith((String) c[3]), c[1] + " " + events);
      assertFalse(String.join("", events).contains("\"error\""), String.join("", events));
      UsageRecord recorded = lastUsage(key);
      assertTrue(recorded.stream());
      assertEquals(200, recorded.statusCode());
      assertEquals(StubLlmUpstream.INPUT_TOKENS, recorded.inputTokens(), (String) c[1]);
      assertEquals(StubLlmUpstream.OUTPUT_TOKENS, recorded.outputTokens(), (String) c[1]);
      assertNotNull(recorded.firstTokenMs(), "time to first token recorded");
    }
  }

  @Test
  void upstreamConnection_isReused_afterCompleteAndStreamedAnswers() throws Exception {
    String key =
        pools().key(Platform.ANTHROPIC, 5, pools().account(Platform.ANTHROPIC, "sk-ant-ka", 1, 4));
    Sse.send(base(), "/v1/messages", key, body(MESSAGES, false));
    upstream.resetCounters();
    for (int i = 0; i < 4; i++) {
      HttpResponse<String> complete = Sse.send(base(), "/v1/messages", key, body(MESSAGES, false));
      assertEquals(200, complete.statusCode(), complete.body());
      HttpResponse<InputStream> streamed =
          Sse.open(base(), "/v1/messages", key, body(MESSAGES, true));
      List<String> events = Sse.events(streamed.body());
      assertTrue(
          events.get(events.size() - 1).startsWith("event: message_stop"), events.toString());
    }
    // Bodies read to their end hand the connection back to the pool: one connection for all eight
    // sequential exchanges, not one per request (nor one per stream).
    assertEquals(8, upstream.calls("/v1/messages"));
    assertEquals(1, upstream.connectionsSeen());
  }

  @Test
  void eventsReachTheClient_whileTheUpstreamIsStillAnswering() throws Exception {
    String key =
        pools().key(Platform.ANTHROPIC, 5, pools().account(Platform.ANTHROPIC, "sk-ant-3", 1, 4));
    CountDownLatch gate = new CountDownLatch(1);
    upstream.holdAfterFirstEvent(gate);
    try {
      HttpResponse<InputStream> r = Sse.open(base(), "/v1/messages", key, body(MESSAGES, true));
      Sse.EventReader reader = new Sse.EventReader(r.body());
      String event;
      boolean sawDelta = false;
      while (!sawDelta && (event = reader.next()) != null) {
        sawDelta = event.startsWith("event: content_block_delta");
      }
      assertTrue(sawDelta, "the first delta arrived while the upstream holds the rest");
      assertEquals(1, gate.getCount(), "the upstream had not finished");
      gate.countDown();
      String last = null;
      while ((event = reader.next()) != null) {
        last = event;
      }
      assertNotNull(last);
      assertTrue(last.startsWith("event: message_stop"), last);
    } finally {
      gate.countDown();
      upstream.holdAfterFirstEvent(new CountDownLatch(0));
    }
  }

  @Test
  void clientThatDisconnectsMidStream_releasesItsSlots() throws Exception {
    Account account = pools().account(Platform.ANTHROPIC, "sk-ant-4", 1, 2);
    String key = pools().key(Platform.ANTHROPIC, 5, account);
    CountDownLatch gate = new CountDownLatch(1);
    upstream.holdAfterFirstEvent(gate);
    try {
      HttpResponse<InputStream> r = Sse.open(base(), "/v1/messages", key, body(MESSAGES, true));
      Sse.EventReader reader = new Sse.EventReader(r.body());
      String first = reader.next();
      assertNotNull(first);
      assertEquals(1, slots.inUse(SlotPool.account(account.id()), SLOT_TTL));
      r.body().close();
      gate.countDown();
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> slots.inUse(SlotPool.account(account.id()), SLOT_TTL) == 0);
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> slots.inUse(SlotPool.user(pools().userOf(key)), SLOT_TTL) == 0);
    } finally {
      gate.countDown();
      upstream.holdAfterFirstEvent(new CountDownLatch(0));
    }
  }

  @Test
  void warmRequest_makesTwoRedisRoundTrips_andNoDatabaseQuery() throws Exception {
    Account account = pools().account(Platform.ANTHROPIC, "sk-ant-5", 1, 4);
    String plain = pools().key(Platform.ANTHROPIC, 5, account);
    // Budgets of every kind and window, and requests per minute: still two round trips.
    String budgeted = pools().key(Platform.ANTHROPIC, 5, account);
    io.subgate.tenancy.Budgets all =
        new io.subgate.tenancy.Budgets(
            java.util.Map.of(
                io.subgate.tenancy.BudgetWindow.FIVE_HOURS, 50_000_000L,
                io.subgate.tenancy.BudgetWindow.DAY, 100_000_000L,
                io.subgate.tenancy.BudgetWindow.WEEK, 200_000_000L,
                io.subgate.tenancy.BudgetWindow.MONTH, 400_000_000L));
    limits.put(
        io.subgate.tenancy.Owner.key(pools().keyId(budgeted)),
        new io.subgate.tenancy.Limits(0, all));
    limits.put(
        io.subgate.tenancy.Owner.user(pools().userOf(budgeted)),
        new io.subgate.tenancy.Limits(1_000, all));
    limits.put(
        io.subgate.tenancy.Owner.group(
            keys.findById(pools().keyId(budgeted)).orElseThrow().groupId()),
        new io.subgate.tenancy.Limits(1_000, all));
    for (String key : List.of(plain, budgeted)) {
      String sticky =
          "{\"model\":\"claude-sonnet-4\",\"max_tokens\":8,\"metadata\":{\"user_id\":"
              + "\"user_abc_account__session_5f1a2b3c-0000-4000-8000-000000000001\"},"
              + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
      int coldMark = repositoryCalls.mark();
      for (String body : List.of(body(MESSAGES, false), sticky)) {
        long warmStart = redis.roundTrips();
        assertEquals(200, Sse.send(base(), "/v1/messages", key, body).statusCode(), "warm-up");
        // Slots are released just after the response goes out: let the warm-up's release land.
        await().atMost(Duration.ofSeconds(5)).until(() -> redis.roundTrips() - warmStart >= 2);
        assertFalse(
            repositoryCalls.since(coldMark).isEmpty(), "the instrumentation sees a cold request");
        int mark = repositoryCalls.mark();
        long before = redis.roundTrips();
        HttpResponse<String> r = Sse.send(base(), "/v1/messages", key, body);
        await().atMost(Duration.ofSeconds(5)).until(() -> redis.roundTrips() - before >= 2);
        // And it stays at two: no third round trip follows the release.
        await()
            .during(Duration.ofMillis(300))
            .atMost(Duration.ofSeconds(2))
            .until(() -> redis.roundTrips() - before == 2);
        long trips = redis.roundTrips() - before;
        assertEquals(200, r.statusCode(), r.body());
        System.out.println("warm request: redis round trips=" + trips);
        // Admit (user slot, binding, loads, account slot and token) and release.
        assertEquals(2, trips, "redis round trips");
        List<String> onRequestPath = repositoryCalls.onRequestPath(mark);
        assertEquals(List.of(), onRequestPath, "database calls on the request path");
      }
    }
  }

  @Test
  void session_staysOnItsAccount_whileHealthy_andMovesWhenItIsNot() throws Exception {
    Account a = pools().account(Platform.ANTHROPIC, "sk-sticky-a", 1, 4);
    Account b = pools().account(Platform.ANTHROPIC, "sk-sticky-b", 1, 4);
    String key = pools().key(Platform.ANTHROPIC, 5, a, b);
    String session =
        "{\"model\":\"claude-sonnet-4\",\"max_tokens\":8,\"metadata\":{\"user_id\":"
            + "\"user_abc_account__session_5f1a2b3c-0000-4000-8000-0000000000aa\"},"
            + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    assertEquals(200, Sse.send(base(), "/v1/messages", key, session).statusCode());
    String bound = upstream.header("x-api-key");
    for (int i = 0; i < 6; i++) {
      assertEquals(200, Sse.send(base(), "/v1/messages", key, session).statusCode());
      assertEquals(bound, upstream.header("x-api-key"), "request " + i + " stayed");
    }
    Account boundAccount = bound.equals("sk-sticky-a") ? a : b;
    accounts.setRateLimitedUntil(boundAccount.id(), Instant.now().plusSeconds(600));
    candidates.invalidateAll();

    assertEquals(200, Sse.send(base(), "/v1/messages", key, session).statusCode());
    String moved = upstream.header("x-api-key");
    assertFalse(moved.equals(bound), "the session moved off the limited account");
    for (int i = 0; i < 3; i++) {
      assertEquals(200, Sse.send(base(), "/v1/messages", key, session).statusCode());
      assertEquals(moved, upstream.header("x-api-key"), "and stays on its new account");
    }
  }

  @Test
  void wrongPlatform_unknownModel_wrongContentType_areProtocolShaped4xx() throws Exception {
    String anthropic =
        pools().key(Platform.ANTHROPIC, 5, pools().account(Platform.ANTHROPIC, "sk-ant-6", 1, 4));
    String antigravity =
        pools()
            .key(
                Platform.ANTIGRAVITY,
                5,
                pools().google(Platform.ANTIGRAVITY, "ya29.wrong", "proj-wrong", 1));
    HttpResponse<String> wrong =
        Sse.send(base(), "/v1/responses", antigravity, body(RESPONSES, false));
    assertEquals(400, wrong.statusCode(), wrong.body());
    assertTrue(wrong.body().contains("serves antigravity accounts"), wrong.body());
    assertTrue(
        wrong.body().startsWith("{\"error\":{\"type\":\"invalid_request_error\""), wrong.body());

    HttpResponse<String> badStream =
        Sse.send(base(), "/v1/messages", anthropic, "{\"model\":\"m\",\"stream\":\"yes\"}");
    assertEquals(400, badStream.statusCode());
    assertTrue(badStream.body().contains("stream: must be a boolean"), badStream.body());
  }

  @Test
  void models_listTheGroupsModels_inThePlatformsShape() throws Exception {
    String anthropic =
        pools().key(Platform.ANTHROPIC, 5, pools().account(Platform.ANTHROPIC, "sk-ant-m", 1, 4));
    Account limited =
        accounts.create(
            new io.subgate.account.NewAccount(
                "m-" + java.util.UUID.randomUUID(),
                Platform.OPENAI,
                io.subgate.account.AccountType.APIKEY,
                1,
                4,
                new io.subgate.account.StaticKeyCredentials("sk-oa-m", null),
                List.of("gpt-5-mini", "gpt-5")));
    String openai = pools().key(Platform.OPENAI, 5, limited);
    java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient();

    HttpResponse<String> a =
        client.send(
            java.net.http.HttpRequest.newBuilder(base().resolve("/v1/models"))
                .header("x-api-key", anthropic)
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(200, a.statusCode(), a.body());
    assertTrue(a.body().contains("\"type\":\"model\""), a.body());
    assertTrue(a.body().contains("claude-sonnet-4-5-20250929"), a.body());
    assertTrue(a.body().contains("\"has_more\":false"), a.body());

    HttpResponse<String> o =
        client.send(
            java.net.http.HttpRequest.newBuilder(base().resolve("/v1/models"))
                .header("authorization", "Bearer " + openai)
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(200, o.statusCode(), o.body());
    assertTrue(o.body().startsWith("{\"object\":\"list\""), o.body());
    assertTrue(o.body().contains("\"id\":\"gpt-5\"") && o.body().contains("gpt-5-mini"), o.body());
    assertTrue(!o.body().contains("codex-mini-latest"), "a limited account lists only its models");

    HttpResponse<String> anonymous =
        client.send(
            java.net.http.HttpRequest.newBuilder(base().resolve("/v1/models")).build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(401, anonymous.statusCode());
    assertTrue(anonymous.body().contains("authentication_error"), anonymous.body());

    HttpResponse<String> otherModel =
        Sse.send(base(), "/v1/chat/completions", openai, "{\"model\":\"gpt-4o\",\"messages\":[]}");
    assertEquals(400, otherModel.statusCode());
    assertTrue(otherModel.body().contains("model gpt-4o is not served"), otherModel.body());
  }
}
