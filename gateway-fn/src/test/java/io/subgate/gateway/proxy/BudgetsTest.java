package io.subgate.gateway.proxy;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.json.tree.JsonNode;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.subgate.account.Platform;
import io.subgate.gateway.Http;
import io.subgate.gateway.ShiftedClock;
import io.subgate.testing.StubLlmUpstream.Fault;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * USD budgets through two gateway processes at once (Netty and the Lambda handler, one Redis): each
 * request reserves its estimated cost at admission and settles the real cost at release, so a day's
 * budget stops the key at the right request whatever runs in flight, the 429 names the budget and
 * when it resets, and the next UTC day (a shifted clock, shared by both processes) serves again.
 */
@MicronautTest(transactional = false)
class BudgetsTest extends UpstreamTestBase {
  // claude-opus-4-5 at $5 / $25: 10 input and 4 000 output tokens cost $0.10005; a request asking
  // for max_tokens 4 000 reserves about $0.1002 (its input at four bytes a token, and its cap).
  static final String ANSWER =
      "{\"id\":\"msg_b\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"claude-opus-4-5\","
          + "\"content\":[{\"type\":\"text\",\"text\":\"ok\"}],\"stop_reason\":\"end_turn\","
          + "\"usage\":{\"input_tokens\":10,\"output_tokens\":4000}}";
  static final String REQUEST =
      "{\"model\":\"claude-opus-4-5\",\"max_tokens\":4000,"
          + "\"messages\":[{\"role\":\"user\",\"content\":\"a question of some forty bytes\"}]}";
  private static final BigDecimal COST = new BigDecimal("0.10005");

  @Override
  protected void configure(Map<String, String> p) {
    p.put("subgate.test.shifted-clock", "true");
  }

  @AfterEach
  void backToToday() {
    ShiftedClock.SHIFT.set(Duration.ZERO);
  }

  /** A key on an Anthropic key account of its own that always answers {@link #ANSWER}. */
  private String budgetedKey(String budgets) {
    String secret = "sk-ant-api-budget-" + UUID.randomUUID().toString().substring(0, 8);
    String key =
        pools().key(Platform.ANTHROPIC, 50, pools().account(Platform.ANTHROPIC, secret, 1, 50));
    upstream.fault(secret, Fault.status(200, -1).withBody(ANSWER));
    HttpResponse<String> set =
        admin().send("PUT", "/admin/api-keys/" + pools().keyId(key) + "/limits", budgets);
    assertEquals(200, set.statusCode(), set.body());
    return key;
  }

  @Test
  void aDaysBudget_stopsTheKeyAtTheRightRequest_acrossTwoProcesses_andTheNextDayServes()
      throws Exception {
    String key = budgetedKey("{\"budgets\":{\"day\":1}}");
    List<String> gateways = gateways().subList(0, 2);
    int clients = 8;
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    List<HttpResponse<String>> answers = new CopyOnWriteArrayList<>();
    upstream.headerLatency(Duration.ofMillis(100));
    try {
      List<Future<?>> running = new ArrayList<>();
      for (int c = 0; c < clients; c++) {
        URI base = URI.create(gateways.get(c % 2));
        running.add(
            pool.submit(
                () -> {
                  start.await();
                  // Each client sends until it is refused (bounded).
                  for (int i = 0; i < 20; i++) {
                    HttpResponse<String> r = Sse.send(base, "/v1/messages", key, REQUEST);
                    answers.add(r);
                    if (r.statusCode() != 200) {
                      break;
                    }
                  }
                  return null;
                }));
      }
      start.countDown();
      for (Future<?> f : running) {
        f.get(60, TimeUnit.SECONDS);
      }
    } finally {
      upstream.headerLatency(Duration.ZERO);
      pool.shutdownNow();
    }

    long served = answers.stream().filter(r -> r.statusCode() == 200).count();
    List<HttpResponse<String>> refused =
        answers.stream().filter(r -> r.statusCode() != 200).toList();
    // Nine settled requests leave $0.90045 spent, under $1: the tenth is admitted; then no more.
    assertEquals(10, served, "served " + served);
    BigDecimal spent = COST.multiply(BigDecimal.valueOf(served));
    BigDecimal reservation = new BigDecimal("0.1002");
    assertTrue(
        spent.compareTo(BigDecimal.ONE.add(reservation)) <= 0,
        "overshoot within one reservation: " + spent);
    assertEquals(clients, refused.size(), "every client was stopped once");
    Instant midnight = Instant.now().truncatedTo(ChronoUnit.DAYS).plus(Duration.ofDays(1));
    for (HttpResponse<String> r : refused) {
      assertEquals(429, r.statusCode(), r.body());
      JsonNode error = tree(r.body()).get("error");
      assertEquals("rate_limit_error", error.get("type").getStringValue(), r.body());
      String message = error.get("message").getStringValue();
      assertTrue(message.contains("budget of $1.00 per day (UTC) is spent"), message);
      assertTrue(message.contains("resets at " + midnight), message);
      long retry = Long.parseLong(r.headers().firstValue("retry-after").orElse("0"));
      assertTrue(retry > 0 && retry <= 86_400, "retry-after " + retry);
    }
    JsonNode own = tree(new Http(server.getURI(), key).get("/v1/usage").body());
    JsonNode day = own.get("budgets").get("key").get("day");
    assertEquals(
        0,
        new BigDecimal(day.get("spent_usd").getNumberValue().toString())
            .compareTo(COST.multiply(BigDecimal.TEN)),
        own.toString());
    assertEquals(0, new BigDecimal(day.get("remaining_usd").getNumberValue().toString()).signum());

    ShiftedClock.SHIFT.set(Duration.between(Instant.now(), midnight).plusMinutes(1));
    for (String base : gateways) {
      HttpResponse<String> tomorrow =
          await()
              .atMost(Duration.ofSeconds(5))
              .until(
                  () -> Sse.send(URI.create(base), "/v1/messages", key, REQUEST),
                  r -> r.statusCode() == 200);
      assertEquals(200, tomorrow.statusCode(), "a new UTC day on " + base);
    }
  }

  @Test
  void userAndGroupBudgets_andRequestsPerMinute_holdAcrossTheirKeys_andCrossingsAreRecorded()
      throws Exception {
    String key = budgetedKey("{}");
    long user = pools().userOf(key);
    String other = pools().keyOf(groupOf(key), 5);
    HttpResponse<String> bad =
        admin().send("PUT", "/admin/users/" + user + "/limits", "{\"budgets\":{\"year\":3}}");
    admin().send("PUT", "/admin/users/" + user + "/limits", "{\"budgets\":{\"5h\":0.25}}");

    int first = Sse.send(server.getURI(), "/v1/messages", key, REQUEST).statusCode();
    int second = Sse.send(server.getURI(), "/v1/messages", key, REQUEST).statusCode();
    HttpResponse<String> third = Sse.send(server.getURI(), "/v1/messages", key, REQUEST);
    HttpResponse<String> fourth = Sse.send(server.getURI(), "/v1/messages", key, REQUEST);
    int otherUser = Sse.send(server.getURI(), "/v1/messages", other, REQUEST).statusCode();
    admin().send("PUT", "/admin/groups/" + groupOf(key) + "/limits", "{\"requests_per_minute\":1}");
    int minuteFirst = Sse.send(server.getURI(), "/v1/messages", other, REQUEST).statusCode();
    HttpResponse<String> minuteSecond = Sse.send(server.getURI(), "/v1/messages", other, REQUEST);
    JsonNode limits = tree(admin().get("/admin/users/" + user + "/limits").body());

    assertEquals(400, bad.statusCode(), bad.body());
    assertEquals("budgets.year", tree(bad.body()).get("error").get("field").getStringValue());
    assertEquals(200, first);
    assertEquals(200, second, "$0.10005 of $0.25 spent");
    assertEquals(200, third.statusCode(), "$0.2001 < $0.25: admitted");
    assertEquals(429, fourth.statusCode(), fourth.body());
    assertTrue(
        fourth.body().contains("this key's user's budget of $0.25 per 5 hours"), fourth.body());
    assertEquals(200, otherUser, "another user of the group is not held to this user's budget");
    // A minute boundary may fall between the two: at most one per minute either way.
    assertTrue(minuteFirst == 200 || minuteFirst == 429);
    if (minuteFirst == 200) {
      assertTrue(
          minuteSecond.statusCode() == 200
              || minuteSecond.body().contains("this key's group's limit of 1 requests per minute"),
          minuteSecond.body());
    }
    JsonNode fiveHours = limits.get("spend").get("5h");
    assertEquals(
        0,
        new BigDecimal(fiveHours.get("spent_usd").getNumberValue().toString())
            .compareTo(new BigDecimal("0.30015")),
        limits.toString());
    List<String> crossed = new ArrayList<>();
    await()
        .atMost(Duration.ofSeconds(5))
        .until(
            () -> {
              crossed.clear();
              for (JsonNode e :
                  tree(admin().get("/admin/audit?limit=500").body()).get("entries").values()) {
                if (e.get("target").getStringValue().equals("user:" + user)
                    && e.get("action").getStringValue().startsWith("budget.crossed_")) {
                  crossed.add(e.get("action").getStringValue());
                }
              }
              return crossed.size() >= 2;
            });
    assertEquals(List.of("budget.crossed_100", "budget.crossed_80"), crossed, "each once");
  }

  private long groupOf(String key) {
    return keys.findById(pools().keyId(key)).orElseThrow().groupId();
  }
}
