package io.subgate.gateway.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.genai.Client;
import com.google.genai.ResponseStream;
import com.google.genai.errors.ClientException;
import com.google.genai.types.GenerateContentResponse;
import com.google.genai.types.HttpOptions;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.subgate.account.Account;
import io.subgate.account.Platform;
import io.subgate.testing.StubGoogle;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Google's own Java SDK ({@code google-genai}) as the client, through the Netty server and through
 * the Lambda handler: Gemini requests, streamed and not, and token counts, served by a Code Assist
 * subscription and by an AI Studio key, each reaching a Google stub as Google expects it; a model
 * the group does not serve is the SDK's own 404.
 */
@MicronautTest(transactional = false)
class GoogleSdkTest extends UpstreamTestBase {
  private final StubGoogle google = new StubGoogle();

  @Override
  protected void configure(Map<String, String> p) {
    GoogleClients.pointAt(google, p);
  }

  @BeforeEach
  void clean() {
    google.reset();
  }

  @AfterAll
  void stop() {
    google.close();
  }

  private static Client sdk(String base, String key) {
    return Client.builder()
        .apiKey(key)
        .httpOptions(HttpOptions.builder().baseUrl(base).build())
        .build();
  }

  private static String id() {
    return UUID.randomUUID().toString().substring(0, 8);
  }

  private void servesTheSdk(String key, String model) throws Exception {
    for (String base : gateways()) {
      Client client = sdk(base, key);

      GenerateContentResponse complete =
          client.models.generateContent(model, "Say hello " + id(), null);
      StringBuilder streamed = new StringBuilder();
      try (ResponseStream<GenerateContentResponse> stream =
          client.models.generateContentStream(model, "Say hello " + id(), null)) {
        for (GenerateContentResponse chunk : stream) {
          streamed.append(chunk.text());
        }
      }
      int counted = client.models.countTokens(model, "Say hello", null).totalTokens().orElse(-1);

      assertEquals("Hello world", complete.text(), base);
      assertEquals("Hello world", streamed.toString(), base);
      assertEquals((int) StubGoogle.PROMPT_TOKENS, counted, base);
      assertTrue(
          complete.usageMetadata().flatMap(u -> u.promptTokenCount()).isPresent(),
          "usage reaches the SDK");
    }
  }

  @Test
  void theSdk_isServedByACodeAssistSubscription_throughNettyAndLambda() throws Exception {
    String token = "ya29.sdk-" + id();
    google.user(token, "proj-sdk");
    Account account = pools().google(Platform.GEMINI, token, "proj-sdk", 1);
    String key = pools().key(Platform.GEMINI, 5, account);

    servesTheSdk(key, "gemini-2.5-pro");

    assertEquals(3 * gateways().size(), google.seen().size(), "three calls per gateway");
    for (StubGoogle.Seen call : google.seen()) {
      assertEquals("Bearer " + token, call.header("authorization"));
      assertTrue(call.path().startsWith("/v1internal:"), call.path());
      assertTrue(call.header("user-agent").contains("google-genai-sdk"), call.header("user-agent"));
    }
  }

  @Test
  void theSdk_isServedByAnAiStudioKey_throughNettyAndLambda() throws Exception {
    String secret = "AIza-sdk-" + id();
    google.apiKey(secret);
    String key = pools().key(Platform.GEMINI, 5, pools().account(Platform.GEMINI, secret, 1, 4));

    servesTheSdk(key, "gemini-2.5-flash");

    for (StubGoogle.Seen call : google.seen()) {
      assertEquals(secret, call.header("x-goog-api-key"));
      assertFalse(call.header("x-goog-api-key").equals(key), "never the client's key");
      assertTrue(call.path().startsWith("/v1beta/models/gemini-2.5-flash:"), call.path());
    }
  }

  @Test
  void
      recordedGeminiCliAndAntigravityTraffic_isRelayedWithTheAccountsProject_throughNettyAndLambda()
          throws Exception {
    String cliToken = "ya29.cli-" + id();
    String agToken = "ya29.ag-" + id();
    google.user(cliToken, "proj-cli").user(agToken, "proj-ag");
    String cli =
        pools().key(Platform.GEMINI, 5, pools().google(Platform.GEMINI, cliToken, "proj-cli", 1));
    String ag =
        pools()
            .key(
                Platform.ANTIGRAVITY,
                5,
                pools().google(Platform.ANTIGRAVITY, agToken, "proj-ag", 1));
    for (String base : gateways()) {
      java.net.URI uri = java.net.URI.create(base);
      var fromCli =
          Sse.send(
              uri,
              "/v1internal:streamGenerateContent?alt=sse",
              cli,
              GoogleClients.geminiCli("gemini-2.5-pro"),
              "user-agent",
              GoogleClients.GEMINI_CLI_UA);
      var fromAntigravity =
          Sse.send(
              uri,
              "/v1internal:streamGenerateContent?alt=sse",
              ag,
              GoogleClients.antigravity("gemini-3-flash"),
              "user-agent",
              GoogleClients.ANTIGRAVITY_UA);

      assertEquals(200, fromCli.statusCode(), base + " " + fromCli.body());
      assertTrue(fromCli.body().startsWith("data: {\"response\""), fromCli.body());
      assertEquals(200, fromAntigravity.statusCode(), base + " " + fromAntigravity.body());
    }
    List<String> projects = new java.util.ArrayList<>();
    for (StubGoogle.Seen call : google.seen()) {
      projects.add(json.readValue(call.body(), JsonNode.class).get("project").getStringValue());
    }
    List<String> expected = new java.util.ArrayList<>();
    for (int i = 0; i < gateways().size(); i++) {
      expected.addAll(List.of("proj-cli", "proj-ag"));
    }
    assertEquals(expected, projects);
    assertEquals("/daily/v1internal:streamGenerateContent", google.last().path());
  }

  @Test
  void aModelTheStubDoesNotKnow_isTheSdksOwn404() throws Exception {
    String secret = "AIza-404-" + id();
    google.apiKey(secret);
    String key = pools().key(Platform.GEMINI, 5, pools().account(Platform.GEMINI, secret, 1, 4));
    for (String base : gateways()) {
      ClientException e =
          assertThrows(
              ClientException.class,
              () -> sdk(base, key).models.generateContent("gemini-0-imaginary", "hi", null));
      assertEquals(404, e.code(), base);
      assertEquals("NOT_FOUND", e.status(), base);
    }
  }
}
