package io.subgate.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The benchmarks' stub (answers on its dispatcher thread) answers as the pooled one does: every
 * request of a keep-alive connection, and what Anthropic refuses (a path it does not serve).
 */
class StubLlmUpstreamInlineTest {
  private static final String MESSAGES =
      "{\"model\":\"claude-sonnet-4\",\"max_tokens\":64,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

  @Test
  void answersEveryRequest_andRefusesAnUnservedPath() throws Exception {
    try (StubLlmUpstream stub = StubLlmUpstream.inline()) {
      HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
      for (int i = 0; i < 20; i++) {
        HttpResponse<String> answer =
            http.send(post(stub, "/v1/messages"), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, answer.statusCode(), answer.body());
        assertTrue(answer.body().contains("\"type\":\"message\""), answer.body());
      }
      assertEquals(20, stub.calls("/v1/messages"));
      HttpResponse<String> wrong =
          http.send(post(stub, "/v1/message"), HttpResponse.BodyHandlers.ofString());
      assertEquals(404, wrong.statusCode());
    }
  }

  private static HttpRequest post(StubLlmUpstream stub, String path) {
    return HttpRequest.newBuilder(URI.create(stub.baseUrl() + path))
        .timeout(Duration.ofSeconds(5))
        .header("content-type", "application/json")
        .header("x-api-key", "sk-inline")
        .header("anthropic-version", "2023-06-01")
        .POST(HttpRequest.BodyPublishers.ofString(MESSAGES))
        .build();
  }
}
