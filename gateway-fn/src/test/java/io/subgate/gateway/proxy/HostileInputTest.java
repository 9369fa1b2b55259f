package io.subgate.gateway.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.subgate.account.Account;
import io.subgate.account.Platform;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A model name no provider has — 100 000 characters, or holding control characters — is refused at
 * the door on every route family with a 400 in the route's own shape naming {@code model}, a body
 * over the limit with a readable 413, and nothing goes upstream or into storage.
 */
@MicronautTest(transactional = false)
class HostileInputTest extends UpstreamTestBase {

  private static final List<String> MODELS =
      List.of("m".repeat(100_000), "m".repeat(257), "gpt\u0000-5", "claude\u001b[31m", "x\u200by");

  @Override
  protected void configure(Map<String, String> p) {
    p.put("subgate.platforms.gemini.api-base-url", upstream.baseUrl());
  }

  /**
   * A body over 6 MB is a readable 413 in the route's shape (not a reset) on Netty, the buffered
   * Lambda handler and the streaming function alike, and nothing reaches the upstream.
   */
  @Test
  void aBodyOverTheLimit_isAReadable413InTheRoutesShape_onEveryDeployment() throws Exception {
    String anthropic = key(Platform.ANTHROPIC);
    String openai = key(Platform.OPENAI);
    String gemini = key(Platform.GEMINI);
    String text = "x".repeat(7 * 1024 * 1024);
    int before = upstream.totalCalls();
    for (String url : gateways()) {
      URI base = URI.create(url);
      HttpResponse<String> messages =
          Sse.send(
              base,
              "/v1/messages",
              anthropic,
              "{\"model\":\"claude-sonnet-4\",\"max_tokens\":8,\"messages\":[{\"role\":\"user\","
                  + "\"content\":\""
                  + text
                  + "\"}]}");
      HttpResponse<String> chat =
          Sse.send(
              base,
              "/v1/chat/completions",
              openai,
              "{\"model\":\"gpt-5\",\"messages\":[{\"role\":\"user\",\"content\":\""
                  + text
                  + "\"}]}");
      HttpResponse<String> google =
          Sse.send(
              base,
              "/v1beta/models/gemini-2.5-pro:generateContent",
              gemini,
              "{\"contents\":[{\"parts\":[{\"text\":\"" + text + "\"}]}]}",
              "x-goog-api-key",
              gemini);

      assertEquals(413, messages.statusCode(), url + ": " + messages.body());
      assertTrue(messages.body().startsWith("{\"type\":\"error\""), messages.body());
      assertTrue(messages.body().contains("exceeds the maximum allowed content length"));
      assertEquals(413, chat.statusCode(), url + ": " + chat.body());
      assertTrue(chat.body().startsWith("{\"error\":{"), chat.body());
      assertEquals(413, google.statusCode(), url + ": " + google.body());
      assertTrue(google.body().contains("\"code\":413"), google.body());
    }
    assertEquals(before, upstream.totalCalls(), "nothing reached the upstream");
  }

  private String key(Platform platform) {
    Account a = pools().account(platform, "sk-hostile-" + UUID.randomUUID(), 1, 4);
    return pools().key(platform, 4, a);
  }

  private void assertRefused(HttpResponse<String> r, String shape, int callsBefore) {
    assertEquals(400, r.statusCode(), r.body());
    assertTrue(r.body().contains("model"), "names the field: " + r.body());
    assertTrue(r.body().contains(shape), "in the route's shape: " + r.body());
    assertEquals(callsBefore, upstream.totalCalls(), "nothing went upstream");
  }

  @Test
  void everyRouteFamily_refusesAModelNoProviderHas() throws Exception {
    String anthropic = key(Platform.ANTHROPIC);
    String openai = key(Platform.OPENAI);
    String gemini = key(Platform.GEMINI);
    int before = upstream.totalCalls();
    for (String model : MODELS) {
      String m = io.micronaut.json.JsonMapper.createDefault().writeValueAsString(model);
      assertRefused(
          Sse.send(
              server.getURI(),
              "/v1/messages",
              anthropic,
              "{\"model\":" + m + ",\"max_tokens\":8,\"messages\":[]}"),
          "invalid_request_error",
          before);
      assertRefused(
          Sse.send(
              server.getURI(),
              "/v1/messages/count_tokens",
              anthropic,
              "{\"model\":" + m + ",\"messages\":[]}"),
          "invalid_request_error",
          before);
      assertRefused(
          Sse.send(
              server.getURI(),
              "/v1/chat/completions",
              openai,
              "{\"model\":" + m + ",\"messages\":[]}"),
          "invalid_request_error",
          before);
      assertRefused(
          Sse.send(
              server.getURI(), "/v1/responses", openai, "{\"model\":" + m + ",\"input\":\"x\"}"),
          "invalid_request_error",
          before);
    }
    String longPath = "m".repeat(300);
    for (String model : List.of(longPath, "gem%00ini", "gem%1Bini")) {
      assertRefused(
          Sse.send(
              server.getURI(),
              "/v1beta/models/" + model + ":generateContent",
              gemini,
              "{\"contents\":[{\"parts\":[{\"text\":\"x\"}]}]}",
              "x-goog-api-key",
              gemini),
          "INVALID_ARGUMENT",
          before);
    }
  }
}
