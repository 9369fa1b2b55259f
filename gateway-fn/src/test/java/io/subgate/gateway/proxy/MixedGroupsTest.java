package io.subgate.gateway.proxy;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.core.http.StreamResponse;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.subgate.account.Account;
import io.subgate.account.ModelMapping;
import io.subgate.account.Platform;
import io.subgate.tenancy.GroupSettings;
import io.subgate.tenancy.UsageRecord;
import io.subgate.tenancy.UsageRepository;
import io.subgate.testing.StubLlmUpstream.Fault;
import io.subgate.testing.StubLlmUpstream.Request;
import io.subgate.testing.StubLlmUpstream.StreamEnd;
import jakarta.inject.Inject;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Groups beyond one platform (issue 20): a mixed group failing over from an Anthropic key to an
 * OpenAI key before the first content event, a group's model mapping (wildcards, a default per
 * platform) applied before selection with the client seeing the name it asked for, and a
 * subscription group's fallback group serving the clients its accounts do not.
 */
@MicronautTest(transactional = false)
class MixedGroupsTest extends UpstreamTestBase {
  @Inject UsageRepository usage;

  @AfterEach
  void heal() {
    upstream.clearFaults();
  }

  private AnthropicClient anthropicFor(String key) {
    return AnthropicOkHttpClient.builder()
        .baseUrl(server.getURI().toString())
        .apiKey(key)
        .maxRetries(0)
        .timeout(Duration.ofSeconds(30))
        .build();
  }

  private OpenAIClient openAiFor(String key) {
    return OpenAIOkHttpClient.builder()
        .baseUrl(server.getURI() + "/v1")
        .apiKey(key)
        .maxRetries(0)
        .timeout(Duration.ofSeconds(30))
        .build();
  }

  private static MessageCreateParams ask(String model) {
    return MessageCreateParams.builder()
        .model(model)
        .maxTokens(64)
        .addUserMessage("hi " + UUID.randomUUID())
        .build();
  }

  /** A plain Anthropic API request (no client identity) to {@code path}. */
  private HttpResponse<String> anthropicCall(String path, String key, String body)
      throws Exception {
    return Sse.send(server.getURI(), path, key, body, "anthropic-version", "2023-06-01");
  }

  private Request last() {
    List<Request> seen = upstream.seen();
    return seen.get(seen.size() - 1);
  }

  private JsonNode body(Request r) throws Exception {
    return json.readValue(r.body(), JsonNode.class);
  }

  private UsageRecord lastUsage(String key) {
    return usage(key, 1);
  }

  /** The newest of the key's usage records, once there are {@code count}. */
  private UsageRecord usage(String key, int count) {
    long keyId = pools().keyId(key);
    return await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> usage.recentForKey(keyId, count), l -> l.size() == count)
        .get(0);
  }

  /** A mixed group: an Anthropic key first, an OpenAI key second, OpenAI's default model set. */
  private String mixed(Account claude, Account openai) {
    long group =
        pools()
            .group(
                Set.of(Platform.ANTHROPIC, Platform.OPENAI),
                new GroupSettings(ModelMapping.NONE, Map.of(Platform.OPENAI, "gpt-5-mini"), null),
                claude,
                openai);
    return pools().keyOf(group, 5);
  }

  @Test
  void mixedGroup_failsOverFromAnAnthropicKeyToAnOpenAiKey_beforeTheFirstContentEvent()
      throws Exception {
    String claudeSecret = "sk-ant-mixed-" + UUID.randomUUID();
    String openaiSecret = "sk-openai-mixed-" + UUID.randomUUID();
    Account claude = pools().account(Platform.ANTHROPIC, claudeSecret, 1, 4);
    Account openai = pools().account(Platform.OPENAI, openaiSecret, 2, 4);
    String key = mixed(claude, openai);
    upstream.fault(claudeSecret, Fault.status(529, 1));

    Message m = anthropicFor(key).messages().create(ask("claude-sonnet-4-5"));
    assertEquals("hello", m.content().get(0).asText().text());
    assertEquals("claude-sonnet-4-5", m.model().asString(), "the client's own model name");
    assertEquals(1, upstream.callsWith(claudeSecret), "the Anthropic key was tried first");
    Request sent = last();
    assertEquals("/v1/chat/completions", sent.path());
    assertEquals("Bearer " + openaiSecret, sent.header("authorization"));
    assertEquals("gpt-5-mini", body(sent).get("model").getStringValue(), "OpenAI's default");
    UsageRecord record = usage(key, 2); // the Anthropic key's 529, then the answer
    assertEquals(openai.id(), record.accountId());
    assertEquals("claude-sonnet-4-5", record.model());
    assertEquals(1, record.accountSwitches());
  }

  @Test
  void mixedGroup_streamFailsOverAcrossProviders_andTheSdkSeesOneAnswer() throws Exception {
    String claudeSecret = "sk-ant-mixed-s-" + UUID.randomUUID();
    String openaiSecret = "sk-openai-mixed-s-" + UUID.randomUUID();
    Account claude = pools().account(Platform.ANTHROPIC, claudeSecret, 1, 4);
    Account openai = pools().account(Platform.OPENAI, openaiSecret, 2, 4);
    String key = mixed(claude, openai);
    // Anthropic's stream opens (message_start reaches the client at once), then an
    // overloaded_error event comes before any content: OpenAI's stream answers, its opening
    // dropped.
    upstream.fault(claudeSecret, Fault.stream(1, StreamEnd.ERROR_EVENT, 1));

    StringBuilder text = new StringBuilder();
    List<String> models = new ArrayList<>();
    int starts = 0;
    try (StreamResponse<RawMessageStreamEvent> s =
        anthropicFor(key).messages().createStreaming(ask("claude-haiku-4-5"))) {
      for (RawMessageStreamEvent e : (Iterable<RawMessageStreamEvent>) s.stream()::iterator) {
        if (e.isMessageStart()) {
          starts++;
          models.add(e.asMessageStart().message().model().asString());
        }
        e.contentBlockDelta().flatMap(d -> d.delta().text()).ifPresent(t -> text.append(t.text()));
      }
    }
    assertEquals("part0 part1 part2 ", text.toString());
    assertEquals(1, starts, "one message_start");
    assertEquals(List.of("claude-haiku-4-5"), models);
    assertEquals(1, upstream.callsWith(claudeSecret));
    assertEquals("Bearer " + openaiSecret, last().header("authorization"));
    assertEquals("gpt-5-mini", body(last()).get("model").getStringValue());
  }

  @Test
  void mixedGroup_neverSendsAClaudeModelToAnOpenAiAccountWithoutADefault() throws Exception {
    String openaiSecret = "sk-openai-nodefault-" + UUID.randomUUID();
    Account openai = pools().account(Platform.OPENAI, openaiSecret, 1, 4);
    Account gemini = pools().account(Platform.GEMINI, "AIza-" + UUID.randomUUID(), 1, 4);
    long group =
        pools().group(Set.of(Platform.OPENAI, Platform.GEMINI), GroupSettings.NONE, openai, gemini);
    String key = pools().keyOf(group, 5);
    int before = upstream.totalCalls();

    HttpResponse<String> r =
        anthropicCall(
            "/v1/messages",
            key,
            "{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":8,"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
    assertEquals(400, r.statusCode(), r.body());
    assertTrue(r.body().contains("not served by this API key's group"), r.body());
    assertEquals(before, upstream.totalCalls(), "no upstream call");

    ChatCompletion done =
        openAiFor(key)
            .chat()
            .completions()
            .create(
                ChatCompletionCreateParams.builder()
                    .model("gpt-5")
                    .addUserMessage("hi " + UUID.randomUUID())
                    .build());
    assertEquals("hello", done.choices().get(0).message().content().orElse(""));
    assertEquals("Bearer " + openaiSecret, last().header("authorization"), "gpt-5 is OpenAI's");
  }

  @Test
  void groupMapping_withWildcards_asksTheMappedModel_andTheClientSeesItsOwnName() throws Exception {
    String secret = "sk-ant-mapped-" + UUID.randomUUID();
    Account claude = pools().account(Platform.ANTHROPIC, secret, 1, 4);
    long group =
        pools()
            .group(
                Set.of(Platform.ANTHROPIC),
                new GroupSettings(
                    new ModelMapping(
                        Map.of(
                            "claude-*", "claude-sonnet-4-5-20250929",
                            "claude-opus-*", "claude-opus-4-1-20250805",
                            "team-default", "claude-haiku-4-5-20251001")),
                    Map.of(),
                    null),
                claude);
    String key = pools().keyOf(group, 5);

    Message opus = anthropicFor(key).messages().create(ask("claude-opus-4-6"));
    assertEquals("claude-opus-4-6", opus.model().asString());
    assertEquals("claude-opus-4-1-20250805", body(last()).get("model").getStringValue());
    assertEquals(secret, last().header("x-api-key"));

    Message named = anthropicFor(key).messages().create(ask("team-default"));
    assertEquals("team-default", named.model().asString(), "an exact name outside the family");
    assertEquals("claude-haiku-4-5-20251001", body(last()).get("model").getStringValue());

    HttpResponse<String> streamed =
        anthropicCall(
            "/v1/messages",
            key,
            "{\"model\":\"claude-haiku-4-5\",\"max_tokens\":8,\"stream\":true,"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
    assertEquals(200, streamed.statusCode());
    assertTrue(
        streamed.body().contains("\"model\":\"claude-haiku-4-5\""),
        "message_start names the client's model: " + streamed.body());
    assertFalse(streamed.body().contains("claude-sonnet-4-5-20250929"), streamed.body());
    assertEquals("claude-sonnet-4-5-20250929", body(last()).get("model").getStringValue());
    assertEquals("claude-haiku-4-5", usage(key, 3).model(), "usage names the client's model");
  }

  @Test
  void groupMapping_onOpenAiChatChunks_everyChunkNamesTheClientsModel() throws Exception {
    Account openai = pools().account(Platform.OPENAI, "sk-oa-map-" + UUID.randomUUID(), 1, 4);
    long group =
        pools()
            .group(
                Set.of(Platform.OPENAI),
                new GroupSettings(new ModelMapping(Map.of("gpt-4o*", "gpt-5")), Map.of(), null),
                openai);
    String key = pools().keyOf(group, 5);
    List<String> models = new ArrayList<>();
    try (com.openai.core.http.StreamResponse<ChatCompletionChunk> s =
        openAiFor(key)
            .chat()
            .completions()
            .createStreaming(
                ChatCompletionCreateParams.builder()
                    .model("gpt-4o-mini")
                    .addUserMessage("hi " + UUID.randomUUID())
                    .build())) {
      s.stream().forEach(c -> models.add(c.model()));
    }
    assertFalse(models.isEmpty());
    assertTrue(models.stream().allMatch("gpt-4o-mini"::equals), models.toString());
    assertEquals("gpt-5", body(last()).get("model").getStringValue());
  }

  @Test
  void fallbackGroup_servesOtherClients_whileClaudeCodeStaysOnTheSubscription() throws Exception {
    String apiSecret = "sk-ant-fallback-" + UUID.randomUUID();
    String oauthToken = "sk-ant-oat-fb-" + UUID.randomUUID();
    Account apiKey = pools().account(Platform.ANTHROPIC, apiSecret, 1, 4);
    Account subscription = pools().oauth(Platform.ANTHROPIC, oauthToken, null, 1, 4);
    long fallback = pools().group(Set.of(Platform.ANTHROPIC), GroupSettings.NONE, apiKey);
    long subscriptions =
        pools()
            .group(
                Set.of(Platform.ANTHROPIC),
                new GroupSettings(ModelMapping.NONE, Map.of(), fallback),
                subscription);
    String key = pools().keyOf(subscriptions, 5);

    Message m = anthropicFor(key).messages().create(ask("claude-sonnet-4-5"));
    assertEquals("hello", m.content().get(0).asText().text());
    assertEquals(apiSecret, last().header("x-api-key"), "served by the fallback's API key");
    assertEquals("", last().header("authorization"), "the subscription's token is not used");
    UsageRecord served = lastUsage(key);
    assertEquals(fallback, served.groupId(), "the usage record names the group that served it");
    assertEquals(apiKey.id(), served.accountId());

    HttpResponse<String> cc =
        Sse.send(
            server.getURI(),
            "/v1/messages",
            key,
            Clients.claudeCodeBody(false, "hi"),
            Clients.CLAUDE_CODE_HEADERS);
    assertEquals(200, cc.statusCode(), cc.body());
    assertEquals("Bearer " + oauthToken, last().header("authorization"), "Claude Code: its own");
    assertEquals(subscriptions, usage(key, 2).groupId());
  }

  @Test
  void withoutAFallback_aSubscriptionGroupStillRefusesOtherClients() throws Exception {
    Account subscription =
        pools().oauth(Platform.ANTHROPIC, "sk-ant-oat-nofb-" + UUID.randomUUID(), null, 1, 4);
    String key = pools().key(Platform.ANTHROPIC, 5, subscription);
    int before = upstream.totalCalls();
    HttpResponse<String> r =
        anthropicCall(
            "/v1/messages",
            key,
            "{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":8,"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
    assertEquals(403, r.statusCode(), r.body());
    assertEquals(before, upstream.totalCalls());
  }

  @Test
  void countTokens_onAGroupThatCannotCount_isALocalEstimate_markedAsSuch() throws Exception {
    Account openai = pools().account(Platform.OPENAI, "sk-oa-count-" + UUID.randomUUID(), 1, 4);
    String key = pools().key(Platform.OPENAI, 5, openai);
    String text = "x".repeat(400);
    int before = upstream.totalCalls();
    HttpResponse<String> r =
        anthropicCall(
            "/v1/messages/count_tokens",
            key,
            "{\"model\":\"gpt-5\",\"messages\":[{\"role\":\"user\",\"content\":\""
                + text
                + "\"}]}");
    assertEquals(200, r.statusCode(), r.body());
    assertEquals("estimate", r.headers().firstValue("x-subgate-token-count").orElse(""));
    long tokens = json.readValue(r.body(), JsonNode.class).get("input_tokens").getLongValue();
    assertTrue(tokens > 100 && tokens < 120, "about four bytes a token: " + tokens);
    assertEquals(before, upstream.totalCalls(), "no upstream call");
    UsageRecord record = lastUsage(key);
    assertEquals("local-estimate", record.upstreamModel());
    assertEquals(null, record.accountId());

    Account claude = pools().account(Platform.ANTHROPIC, "sk-ant-count-" + UUID.randomUUID(), 1, 4);
    HttpResponse<String> counted =
        anthropicCall(
            "/v1/messages/count_tokens",
            pools().key(Platform.ANTHROPIC, 5, claude),
            "{\"model\":\"claude-sonnet-4-5\",\"messages\":[{\"role\":\"user\","
                + "\"content\":\"hi\"}]}");
    assertEquals(200, counted.statusCode(), counted.body());
    assertTrue(counted.headers().firstValue("x-subgate-token-count").isEmpty(), "the provider's");
    assertEquals(before + 1, upstream.totalCalls());
  }

  @Test
  void modelsList_ofAMixedGroup_namesEveryPlatformsModels_inTheClientsShape() throws Exception {
    Account claude = pools().account(Platform.ANTHROPIC, "sk-ant-list-" + UUID.randomUUID(), 1, 4);
    Account openai = pools().account(Platform.OPENAI, "sk-oa-list-" + UUID.randomUUID(), 1, 4);
    long group =
        pools()
            .group(
                Set.of(Platform.ANTHROPIC, Platform.OPENAI),
                new GroupSettings(
                    new ModelMapping(Map.of("team-fast", "gpt-5-mini")), Map.of(), null),
                claude,
                openai);
    String key = pools().keyOf(group, 5);
    java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
    java.net.http.HttpRequest.Builder get =
        java.net.http.HttpRequest.newBuilder(server.getURI().resolve("/v1/models"))
            .header("authorization", "Bearer " + key);
    JsonNode openAiShape =
        json.readValue(
            http.send(get.build(), HttpResponse.BodyHandlers.ofString()).body(), JsonNode.class);
    JsonNode anthropicShape =
        json.readValue(
            http.send(
                    get.header("anthropic-version", "2023-06-01").build(),
                    HttpResponse.BodyHandlers.ofString())
                .body(),
            JsonNode.class);
    List<String> ids = new ArrayList<>();
    openAiShape.get("data").values().forEach(m -> ids.add(m.get("id").getStringValue()));
    assertTrue(ids.contains("gpt-5") && ids.contains("claude-sonnet-4-5-20250929"), ids.toString());
    assertTrue(ids.contains("team-fast"), "the group mapping's exact names");
    assertEquals("model", openAiShape.get("data").get(0).get("object").getStringValue());
    assertEquals("model", anthropicShape.get("data").get(0).get("type").getStringValue());
  }
}
