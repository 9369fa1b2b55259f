package io.subgate.gateway.proxy;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.helpers.ChatCompletionAccumulator;
import com.openai.models.FunctionDefinition;
import com.openai.models.FunctionParameters;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionFunctionTool;
import com.openai.models.chat.completions.ChatCompletionMessageToolCall;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.subgate.account.Account;
import io.subgate.account.Platform;
import io.subgate.tenancy.UsageRecord;
import io.subgate.tenancy.UsageRepository;
import io.subgate.testing.StubLlmUpstream;
import io.subgate.testing.StubLlmUpstream.Request;
import io.subgate.testing.StubToolTurn;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The official OpenAI Java SDK speaking Chat Completions to a group of Anthropic API keys, through
 * Netty and both Lambda paths: the stub (which refuses a Messages request without {@code
 * max_tokens}, {@code anthropic-version} or its key) gets a Messages request; the SDK gets a chat
 * completion, a stream of chunks, a tool call it accumulates, and an upstream error in OpenAI's
 * shape; the usage record carries Anthropic's figures.
 */
@MicronautTest(transactional = false)
class CrossProtocolTest extends UpstreamTestBase {
  @Inject UsageRepository usage;
  private final io.subgate.testing.StubGoogle google = new io.subgate.testing.StubGoogle();

  @Override
  protected void configure(Map<String, String> p) {
    GoogleClients.pointAt(google, p);
  }

  @AfterAll
  void stopGoogle() {
    google.close();
  }

  private static OpenAIClient openAi(String base, String key) {
    return OpenAIOkHttpClient.builder()
        .baseUrl(base + "/v1")
        .apiKey(key)
        .maxRetries(0)
        .timeout(Duration.ofSeconds(30))
        .build();
  }

  private static com.anthropic.client.AnthropicClient anthropic(String base, String key) {
    return com.anthropic.client.okhttp.AnthropicOkHttpClient.builder()
        .baseUrl(base)
        .apiKey(key)
        .maxRetries(0)
        .timeout(Duration.ofSeconds(30))
        .build();
  }

  private static com.anthropic.models.messages.MessageCreateParams message(String model) {
    return com.anthropic.models.messages.MessageCreateParams.builder()
        .model(model)
        .maxTokens(64)
        .system("Be brief.")
        .addUserMessage("hi " + UUID.randomUUID())
        .build();
  }

  private static ChatCompletionCreateParams.Builder chat() {
    return ChatCompletionCreateParams.builder()
        .model("claude-sonnet-4")
        .addSystemMessage("Be brief.")
        .addUserMessage("Say hello " + UUID.randomUUID());
  }

  private Request lastMessages() {
    List<Request> seen = upstream.seen();
    return seen.get(seen.size() - 1);
  }

  @Test
  void theOpenAiSdk_isServedByAnthropicKeys_completeAndStreamed() throws Exception {
    String secret = "sk-ant-api-cross-" + UUID.randomUUID();
    Account account = pools().account(Platform.ANTHROPIC, secret, 1, 4);
    String key = pools().key(Platform.ANTHROPIC, 5, account);
    for (String base : gateways()) {
      ChatCompletion done = openAi(base, key).chat().completions().create(chat().build());
      assertEquals("hello", done.choices().get(0).message().content().orElse(""), base);
      assertEquals(ChatCompletion.Choice.FinishReason.STOP, done.choices().get(0).finishReason());
      assertEquals(StubLlmUpstream.INPUT_TOKENS, done.usage().orElseThrow().promptTokens());
      assertEquals(StubLlmUpstream.OUTPUT_TOKENS, done.usage().orElseThrow().completionTokens());
      Request sent = lastMessages();
      assertEquals("/v1/messages", sent.path(), base);
      assertEquals(secret, sent.header("x-api-key"));
      JsonNode body = json.readValue(sent.body(), JsonNode.class);
      assertEquals("Be brief.", body.get("system").get(0).get("text").getStringValue());
      assertEquals(4096, body.get("max_tokens").getIntValue(), "Messages needs max_tokens");

      StringBuilder text = new StringBuilder();
      ChatCompletionAccumulator acc = ChatCompletionAccumulator.create();
      try (StreamResponse<ChatCompletionChunk> s =
          openAi(base, key).chat().completions().createStreaming(chat().build())) {
        s.stream()
            .forEach(
                c -> {
                  acc.accumulate(c);
                  c.choices().forEach(ch -> ch.delta().content().ifPresent(text::append));
                });
      }
      assertEquals("part0 part1 part2 ", text.toString(), base);
      assertEquals(
          ChatCompletion.Choice.FinishReason.STOP,
          acc.chatCompletion().choices().get(0).finishReason());
    }
    long keyId = pools().keyId(key);
    UsageRecord last =
        await()
            .atMost(Duration.ofSeconds(5))
            .until(() -> usage.recentForKey(keyId, 1), l -> !l.isEmpty())
            .get(0);
    assertEquals(StubLlmUpstream.INPUT_TOKENS, last.inputTokens());
    assertEquals("openai-chat", last.clientProtocol());
  }

  @Test
  void aToolCall_streamsAsToolCallChunks_theSdkAccumulates() throws Exception {
    String key =
        pools()
            .key(
                Platform.ANTHROPIC,
                5,
                pools().account(Platform.ANTHROPIC, "sk-ant-api-tool-" + UUID.randomUUID(), 1, 4));
    upstream.toolTurn(new StubToolTurn("get_weather", "{\"city\":\"Oslo\"}"));
    try {
      for (String base : gateways()) {
        ChatCompletionAccumulator acc = ChatCompletionAccumulator.create();
        ChatCompletionCreateParams params =
            chat()
                .addTool(
                    ChatCompletionFunctionTool.builder()
                        .function(
                            FunctionDefinition.builder()
                                .name("get_weather")
                                .parameters(
                                    FunctionParameters.builder()
                                        .putAdditionalProperty(
                                            "type", com.openai.core.JsonValue.from("object"))
                                        .build())
                                .build())
                        .build())
                .build();
        try (StreamResponse<ChatCompletionChunk> s =
            openAi(base, key).chat().completions().createStreaming(params)) {
          s.stream().forEach(acc::accumulate);
        }
        ChatCompletion.Choice choice = acc.chatCompletion().choices().get(0);
        assertEquals(ChatCompletion.Choice.FinishReason.TOOL_CALLS, choice.finishReason(), base);
        ChatCompletionMessageToolCall call = choice.message().toolCalls().orElseThrow().get(0);
        assertEquals("get_weather", call.asFunction().function().name());
        assertEquals("{\"city\":\"Oslo\"}", call.asFunction().function().arguments());
        JsonNode sent = json.readValue(lastMessages().body(), JsonNode.class);
        assertEquals("get_weather", sent.get("tools").get(0).get("name").getStringValue());
      }
    } finally {
      upstream.toolTurn(null);
    }
  }

  @Test
  void anUpstreamRefusal_reachesTheSdkInOpenAisShape_andAnUnconvertibleRequestIsA400()
      throws Exception {
    rules.withhold("claude-withheld");
    String key =
        pools()
            .key(
                Platform.ANTHROPIC,
                5,
                pools().account(Platform.ANTHROPIC, "sk-ant-api-err-" + UUID.randomUUID(), 1, 4));
    int before = upstream.totalCalls();
    for (String base : gateways()) {
      com.openai.errors.NotFoundException missing =
          assertThrows(
              com.openai.errors.NotFoundException.class,
              () ->
                  openAi(base, key)
                      .chat()
                      .completions()
                      .create(chat().model("claude-withheld").build()));
      assertTrue(String.valueOf(missing.getMessage()).contains("claude-withheld"), base);
      com.openai.errors.BadRequestException n =
          assertThrows(
              com.openai.errors.BadRequestException.class,
              () -> openAi(base, key).chat().completions().create(chat().n(2).build()));
      assertTrue(String.valueOf(n.getMessage()).contains("n:"), n.getMessage());
    }
    assertTrue(upstream.totalCalls() > before, "the withheld model was asked for");
  }

  @Test
  void theAnthropicSdk_isServedByOpenAiKeys_completeAndStreamed() throws Exception {
    String secret = "sk-openai-cross-" + UUID.randomUUID();
    String key = pools().key(Platform.OPENAI, 5, pools().account(Platform.OPENAI, secret, 1, 4));
    for (String base : gateways()) {
      com.anthropic.client.AnthropicClient client = anthropic(base, key);
      com.anthropic.models.messages.MessageCreateParams params = message("gpt-5");
      com.anthropic.models.messages.Message m = client.messages().create(params);
      assertEquals("hello", m.content().get(0).asText().text(), base);
      assertEquals(StubLlmUpstream.OUTPUT_TOKENS, m.usage().outputTokens());
      Request sent = lastMessages();
      assertEquals("/v1/chat/completions", sent.path(), base);
      assertEquals("Bearer " + secret, sent.header("authorization"));
      JsonNode body = json.readValue(sent.body(), JsonNode.class);
      assertEquals("system", body.get("messages").get(0).get("role").getStringValue());
      assertEquals(64, body.get("max_completion_tokens").getIntValue());

      StringBuilder text = new StringBuilder();
      List<String> kinds = new java.util.ArrayList<>();
      try (com.anthropic.core.http.StreamResponse<
              com.anthropic.models.messages.RawMessageStreamEvent>
          s = client.messages().createStreaming(params)) {
        s.stream()
            .forEach(
                e -> {
                  kinds.add(e.isMessageStart() ? "start" : e.isMessageStop() ? "stop" : "other");
                  e.contentBlockDelta()
                      .flatMap(d -> d.delta().text())
                      .ifPresent(t -> text.append(t.text()));
                });
      }
      assertEquals("part0 part1 part2 ", text.toString(), base);
      assertEquals("start", kinds.get(0));
      assertEquals("stop", kinds.get(kinds.size() - 1));
    }
  }

  @Test
  void theOpenAiSdk_isServedByGeminiKeys_completeStreamedAndWithAToolCall() throws Exception {
    String secret = "AIza-cross-" + UUID.randomUUID();
    google.apiKey(secret);
    String key = pools().key(Platform.GEMINI, 5, pools().account(Platform.GEMINI, secret, 1, 4));
    for (String base : gateways()) {
      google.reset();
      ChatCompletion done =
          openAi(base, key).chat().completions().create(chat().model("gemini-2.5-flash").build());
      assertEquals("Hello world", done.choices().get(0).message().content().orElse(""), base);
      assertEquals(
          io.subgate.testing.StubGoogle.PROMPT_TOKENS, done.usage().orElseThrow().promptTokens());
      io.subgate.testing.StubGoogle.Seen sent = google.last();
      assertTrue(sent.path().endsWith("/models/gemini-2.5-flash:generateContent"), sent.path());
      assertEquals(secret, sent.header("x-goog-api-key"));
      JsonNode body = json.readValue(sent.body(), JsonNode.class);
      assertEquals(
          "Be brief.",
          body.get("systemInstruction").get("parts").get(0).get("text").getStringValue());

      StringBuilder text = new StringBuilder();
      try (StreamResponse<ChatCompletionChunk> s =
          openAi(base, key)
              .chat()
              .completions()
              .createStreaming(chat().model("gemini-2.5-flash").build())) {
        s.stream()
            .forEach(c -> c.choices().forEach(ch -> ch.delta().content().ifPresent(text::append)));
      }
      assertEquals("Hello world", text.toString(), base);
      assertTrue(google.last().query().contains("alt=sse"), "streamed from Gemini's stream");

      google.toolTurn(new StubToolTurn("get_weather", "{\"city\":\"Oslo\"}"));
      try {
        ChatCompletion called =
            openAi(base, key).chat().completions().create(chat().model("gemini-2.5-flash").build());
        ChatCompletion.Choice choice = called.choices().get(0);
        assertEquals(ChatCompletion.Choice.FinishReason.TOOL_CALLS, choice.finishReason());
        ChatCompletionMessageToolCall call = choice.message().toolCalls().orElseThrow().get(0);
        assertEquals("get_weather", call.asFunction().function().name());
        assertEquals("{\"city\":\"Oslo\"}", call.asFunction().function().arguments());
      } finally {
        google.toolTurn(null);
      }
    }
  }

  @Test
  void aCodeAssistGroup_servesTheOpenAiAndAnthropicSdks_inItsEnvelope() throws Exception {
    String token = "ya29.cross-" + UUID.randomUUID();
    google.user(token, "proj-cross");
    String key =
        pools().key(Platform.GEMINI, 5, pools().google(Platform.GEMINI, token, "proj-cross", 1));
    for (String base : gateways()) {
      google.reset();
      ChatCompletion done =
          openAi(base, key).chat().completions().create(chat().model("gemini-2.5-flash").build());
      assertEquals("Hello world", done.choices().get(0).message().content().orElse(""), base);
      assertEquals(
          io.subgate.testing.StubGoogle.PROMPT_TOKENS, done.usage().orElseThrow().promptTokens());
      io.subgate.testing.StubGoogle.Seen sent = google.last();
      assertTrue(sent.path().endsWith("/v1internal:streamGenerateContent"), sent.path());
      assertEquals("Bearer " + token, sent.header("authorization"));
      JsonNode envelope = json.readValue(sent.body(), JsonNode.class);
      assertEquals("proj-cross", envelope.get("project").getStringValue());
      assertEquals("gemini-2.5-flash", envelope.get("model").getStringValue());
      assertEquals(
          "Be brief.",
          envelope
              .get("request")
              .get("systemInstruction")
              .get("parts")
              .get(0)
              .get("text")
              .getStringValue());

      StringBuilder text = new StringBuilder();
      try (StreamResponse<ChatCompletionChunk> s =
          openAi(base, key)
              .chat()
              .completions()
              .createStreaming(chat().model("gemini-2.5-flash").build())) {
        s.stream()
            .forEach(c -> c.choices().forEach(ch -> ch.delta().content().ifPresent(text::append)));
      }
      assertEquals("Hello world", text.toString(), base);

      com.anthropic.models.messages.Message m =
          anthropic(base, key).messages().create(message("gemini-2.5-flash"));
      assertEquals("Hello world", m.content().get(0).asText().text(), base);
      assertEquals("gemini-2.5-flash", m.model().asString());
      assertEquals("Bearer " + token, google.last().header("authorization"));
    }
  }

  @Test
  void theAnthropicSdk_isServedByGeminiKeys_completeAndStreamed() throws Exception {
    String secret = "AIza-msg-" + UUID.randomUUID();
    google.apiKey(secret);
    String key = pools().key(Platform.GEMINI, 5, pools().account(Platform.GEMINI, secret, 1, 4));
    for (String base : gateways()) {
      com.anthropic.client.AnthropicClient client = anthropic(base, key);
      com.anthropic.models.messages.MessageCreateParams params = message("gemini-2.5-flash");
      google.reset();
      com.anthropic.models.messages.Message m = client.messages().create(params);
      assertEquals("Hello world", m.content().get(0).asText().text(), base);
      assertEquals(io.subgate.testing.StubGoogle.OUTPUT_TOKENS, m.usage().outputTokens());
      assertTrue(google.last().path().endsWith(":generateContent"), google.last().path());
      assertEquals(secret, google.last().header("x-goog-api-key"));

      StringBuilder text = new StringBuilder();
      try (com.anthropic.core.http.StreamResponse<
              com.anthropic.models.messages.RawMessageStreamEvent>
          s = client.messages().createStreaming(params)) {
        s.stream()
            .forEach(
                e ->
                    e.contentBlockDelta()
                        .flatMap(d -> d.delta().text())
                        .ifPresent(t -> text.append(t.text())));
      }
      assertEquals("Hello world", text.toString(), base);
      assertTrue(google.last().query().contains("alt=sse"));
    }
  }

  @Test
  void theOpenAiResponsesApi_isServedByAnthropicKeys_completeAndStreamed() throws Exception {
    String secret = "sk-ant-api-resp-" + UUID.randomUUID();
    String key =
        pools().key(Platform.ANTHROPIC, 5, pools().account(Platform.ANTHROPIC, secret, 1, 4));
    com.openai.models.responses.ResponseCreateParams params =
        com.openai.models.responses.ResponseCreateParams.builder()
            .model("claude-sonnet-4")
            .instructions("Be brief.")
            .input("hi " + UUID.randomUUID())
            .build();
    for (String base : gateways()) {
      com.openai.models.responses.Response done = openAi(base, key).responses().create(params);
      assertEquals(
          "hello", done.output().get(0).asMessage().content().get(0).asOutputText().text(), base);
      assertEquals(secret, lastMessages().header("x-api-key"));
      assertEquals("/v1/messages", lastMessages().path());

      StringBuilder text = new StringBuilder();
      List<com.openai.models.responses.ResponseStreamEvent> events = new java.util.ArrayList<>();
      try (StreamResponse<com.openai.models.responses.ResponseStreamEvent> s =
          openAi(base, key).responses().createStreaming(params)) {
        s.stream()
            .forEach(
                e -> {
                  events.add(e);
                  e.outputTextDelta().ifPresent(d -> text.append(d.delta()));
                });
      }
      assertEquals("part0 part1 part2 ", text.toString(), base);
      assertTrue(events.get(0).isCreated(), base);
      assertTrue(events.get(events.size() - 1).isCompleted(), base);
    }
  }

  @Test
  void theOpenAiResponsesApi_isServedByGeminiKeysAndCodeAssist_throughMessages() throws Exception {
    String secret = "AIza-resp-" + UUID.randomUUID();
    google.apiKey(secret);
    String token = "ya29.resp-" + UUID.randomUUID();
    google.user(token, "proj-resp");
    String keyGroup =
        pools().key(Platform.GEMINI, 5, pools().account(Platform.GEMINI, secret, 1, 4));
    String codeAssistGroup =
        pools().key(Platform.GEMINI, 5, pools().google(Platform.GEMINI, token, "proj-resp", 1));
    com.openai.models.responses.ResponseCreateParams params =
        com.openai.models.responses.ResponseCreateParams.builder()
            .model("gemini-2.5-flash")
            .instructions("Be brief.")
            .input("hi " + UUID.randomUUID())
            .build();
    for (String base : gateways()) {
      for (String key : List.of(keyGroup, codeAssistGroup)) {
        google.reset();
        com.openai.models.responses.Response done = openAi(base, key).responses().create(params);
        assertEquals(
            "Hello world",
            done.output().get(0).asMessage().content().get(0).asOutputText().text(),
            base);
        assertEquals("gemini-2.5-flash", done.model().asString());
        assertEquals(
            io.subgate.testing.StubGoogle.PROMPT_TOKENS, done.usage().orElseThrow().inputTokens());
        io.subgate.testing.StubGoogle.Seen sent = google.last();
        JsonNode body = json.readValue(sent.body(), JsonNode.class);
        JsonNode request = key.equals(keyGroup) ? body : body.get("request");
        assertEquals(
            "Be brief.",
            request.get("systemInstruction").get("parts").get(0).get("text").getStringValue());

        StringBuilder text = new StringBuilder();
        List<com.openai.models.responses.ResponseStreamEvent> events = new java.util.ArrayList<>();
        try (StreamResponse<com.openai.models.responses.ResponseStreamEvent> s =
            openAi(base, key).responses().createStreaming(params)) {
          s.stream()
              .forEach(
                  e -> {
                    events.add(e);
                    e.outputTextDelta().ifPresent(d -> text.append(d.delta()));
                  });
        }
        assertEquals("Hello world", text.toString(), base);
        assertTrue(events.get(0).isCreated(), base);
        assertTrue(events.get(events.size() - 1).isCompleted(), base);
        if (key.equals(keyGroup)) {
          assertEquals(secret, google.last().header("x-goog-api-key"), "the key's own");
        } else {
          assertEquals("Bearer " + token, google.last().header("authorization"), "the token's");
        }
      }
    }
  }

  @Test
  void googlesSdk_isServedByAnthropicAndOpenAiKeys_completeAndStreamed() throws Exception {
    String claudeSecret = "sk-ant-genai-" + UUID.randomUUID();
    String openaiSecret = "sk-oa-genai-" + UUID.randomUUID();
    String claudeKey =
        pools().key(Platform.ANTHROPIC, 5, pools().account(Platform.ANTHROPIC, claudeSecret, 1, 4));
    String openaiKey =
        pools().key(Platform.OPENAI, 5, pools().account(Platform.OPENAI, openaiSecret, 1, 4));
    com.google.genai.types.GenerateContentConfig config =
        com.google.genai.types.GenerateContentConfig.builder()
            .systemInstruction(
                com.google.genai.types.Content.fromParts(
                    com.google.genai.types.Part.fromText("Be brief.")))
            .maxOutputTokens(64)
            .build();
    for (String base : gateways()) {
      for (String key : List.of(claudeKey, openaiKey)) {
        boolean claude = key.equals(claudeKey);
        com.google.genai.Client client =
            com.google.genai.Client.builder()
                .apiKey(key)
                .httpOptions(com.google.genai.types.HttpOptions.builder().baseUrl(base).build())
                .build();
        com.google.genai.types.GenerateContentResponse done =
            client.models.generateContent(
                claude ? "claude-sonnet-4-5" : "gpt-5", "hi " + UUID.randomUUID(), config);
        assertEquals("hello", done.text(), base);
        assertEquals(
            (int) StubLlmUpstream.INPUT_TOKENS,
            done.usageMetadata().flatMap(u -> u.promptTokenCount()).orElse(-1));
        Request sent = lastMessages();
        assertEquals(claude ? "/v1/messages" : "/v1/chat/completions", sent.path(), base);
        if (claude) {
          assertEquals(claudeSecret, sent.header("x-api-key"));
          JsonNode body = json.readValue(sent.body(), JsonNode.class);
          assertEquals("Be brief.", body.get("system").getStringValue());
          assertEquals(64, body.get("max_tokens").getIntValue());
        } else {
          assertEquals("Bearer " + openaiSecret, sent.header("authorization"));
        }
        assertTrue(sent.query().isEmpty(), "the client's key never goes upstream: " + sent.query());

        StringBuilder text = new StringBuilder();
        try (com.google.genai.ResponseStream<com.google.genai.types.GenerateContentResponse> s =
            client.models.generateContentStream(
                claude ? "claude-sonnet-4-5" : "gpt-5", "hi " + UUID.randomUUID(), config)) {
          for (com.google.genai.types.GenerateContentResponse chunk : s) {
            text.append(chunk.text() == null ? "" : chunk.text());
          }
        }
        assertEquals("part0 part1 part2 ", text.toString(), base);

        int calls = upstream.totalCalls();
        int counted =
            client
                .models
                .countTokens(claude ? "claude-sonnet-4-5" : "gpt-5", "x".repeat(400), null)
                .totalTokens()
                .orElse(-1);
        assertTrue(counted > 90 && counted < 130, "a local estimate: " + counted);
        assertEquals(calls, upstream.totalCalls(), "neither provider can count: no call");
      }
    }
  }

  /** A session's third turn: thinking, two parallel calls of one tool, and their results. */
  private static com.anthropic.models.messages.MessageCreateParams thinkingSession(String model) {
    java.util.function.Function<String, com.anthropic.models.messages.ContentBlockParam> call =
        city ->
            com.anthropic.models.messages.ContentBlockParam.ofToolUse(
                com.anthropic.models.messages.ToolUseBlockParam.builder()
                    .id("toolu_" + city)
                    .name("weather")
                    .input(
                        com.anthropic.models.messages.ToolUseBlockParam.Input.builder()
                            .putAdditionalProperty("city", com.anthropic.core.JsonValue.from(city))
                            .build())
                    .build());
    java.util.function.Function<String, com.anthropic.models.messages.ContentBlockParam> result =
        city ->
            com.anthropic.models.messages.ContentBlockParam.ofToolResult(
                com.anthropic.models.messages.ToolResultBlockParam.builder()
                    .toolUseId("toolu_" + city)
                    .content(city + ": 4 C")
                    .build());
    return com.anthropic.models.messages.MessageCreateParams.builder()
        .model(model)
        .maxTokens(2048)
        .enabledThinking(1024)
        .addUserMessage("Weather in Oslo and Bergen?")
        .addAssistantMessageOfContentBlockParams(
            List.of(
                com.anthropic.models.messages.ContentBlockParam.ofThinking(
                    com.anthropic.models.messages.ThinkingBlockParam.builder()
                        .thinking("Two cities: two calls.")
                        .signature("sig-" + UUID.randomUUID())
                        .build()),
                call.apply("Oslo"),
                call.apply("Bergen")))
        .addUserMessageOfContentBlockParams(List.of(result.apply("Oslo"), result.apply("Bergen")))
        .build();
  }

  @Test
  void anAnthropicSdkSession_withThinkingAndParallelCalls_onOpenAiAndGeminiKeys() throws Exception {
    String openaiSecret = "sk-oa-think-" + UUID.randomUUID();
    String geminiSecret = "AIza-think-" + UUID.randomUUID();
    google.apiKey(geminiSecret);
    String openaiKey =
        pools().key(Platform.OPENAI, 5, pools().account(Platform.OPENAI, openaiSecret, 1, 4));
    String geminiKey =
        pools().key(Platform.GEMINI, 5, pools().account(Platform.GEMINI, geminiSecret, 1, 4));
    for (String base : gateways()) {
      com.anthropic.models.messages.Message onOpenAi =
          anthropic(base, openaiKey).messages().create(thinkingSession("gpt-5"));
      assertEquals("hello", onOpenAi.content().get(0).asText().text(), base);
      JsonNode chat = json.readValue(lastMessages().body(), JsonNode.class);
      assertEquals("low", chat.get("reasoning_effort").getStringValue(), "a 1 024-token budget");
      JsonNode turns = chat.get("messages");
      JsonNode calls = turns.get(1).get("tool_calls");
      assertEquals(2, calls.size(), "both parallel calls, the thinking left out");
      assertEquals("toolu_Oslo", turns.get(2).get("tool_call_id").getStringValue());
      assertEquals("toolu_Bergen", turns.get(3).get("tool_call_id").getStringValue());

      google.reset();
      com.anthropic.models.messages.Message onGemini =
          anthropic(base, geminiKey).messages().create(thinkingSession("gemini-2.5-flash"));
      assertEquals("Hello world", onGemini.content().get(0).asText().text(), base);
      JsonNode gemini = json.readValue(google.last().body(), JsonNode.class);
      JsonNode thinking = gemini.get("generationConfig").get("thinkingConfig");
      assertEquals(1024, thinking.get("thinkingBudget").getIntValue());
      assertTrue(thinking.get("includeThoughts").getBooleanValue());
      JsonNode model = gemini.get("contents").get(1).get("parts");
      assertEquals(2, model.size(), "two functionCall parts, the thinking left out");
      JsonNode answers = gemini.get("contents").get(2).get("parts");
      assertEquals("weather", answers.get(0).get("functionResponse").get("name").getStringValue());
      assertEquals(2, answers.size());
    }
  }
}
