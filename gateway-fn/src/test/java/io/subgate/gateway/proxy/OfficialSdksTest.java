package io.subgate.gateway.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.core.http.StreamResponse;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.Metadata;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.responses.ResponseCreateParams;
import com.openai.models.responses.ResponseStreamEvent;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.subgate.account.Account;
import io.subgate.account.Platform;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The official Java SDKs ({@code anthropic-java}, {@code openai-java}) as real clients, through the
 * Netty server and through the Lambda handler (behind {@code LambdaBridge}, a local API Gateway):
 * configured with the headers Claude Code and the Codex CLI send they are served by subscription
 * accounts; without them they get the clear 4xx on subscription-only groups and are served by
 * API-key accounts in mixed groups.
 */
@MicronautTest(transactional = false)
class OfficialSdksTest extends UpstreamTestBase {

  private static String id() {
    return UUID.randomUUID().toString().substring(0, 8);
  }

  private static AnthropicClient anthropic(String base, String key, boolean asClaudeCode) {
    AnthropicOkHttpClient.Builder b =
        AnthropicOkHttpClient.builder()
            .baseUrl(base)
            .apiKey(key)
            .maxRetries(0)
            .timeout(Duration.ofSeconds(30));
    if (asClaudeCode) {
      b.putHeader("User-Agent", Clients.CLAUDE_CODE_UA)
          .putHeader("x-app", "cli")
          .putHeader("anthropic-beta", "claude-code-20250219,interleaved-thinking-2025-05-14");
    }
    return b.build();
  }

  private static MessageCreateParams message(boolean asClaudeCode) {
    MessageCreateParams.Builder b =
        MessageCreateParams.builder().model("claude-sonnet-4").maxTokens(64).addUserMessage(id());
    if (asClaudeCode) {
      b.metadata(Metadata.builder().userId(Clients.CLAUDE_CODE_USER_ID).build());
    }
    return b.build();
  }

  @Test
  void anthropicSdk_asClaudeCode_isServedByTheSubscription_streamingAndNot() throws Exception {
    String token = "sk-ant-oat01-" + id();
    Account oauth = pools().oauth(Platform.ANTHROPIC, token, null, 1, 4);
    String key = pools().key(Platform.ANTHROPIC, 5, oauth);
    int calls = 0;
    for (String base : gateways()) {
      AnthropicClient client = anthropic(base, key, true);
      Message m = client.messages().create(message(true));
      assertEquals("msg_1", m.id(), base);
      assertEquals("hello", m.content().get(0).asText().text());
      assertEquals(Clients.CLAUDE_CODE_UA, upstream.header("user-agent"), base);
      assertEquals("Bearer " + token, upstream.header("authorization"));

      List<RawMessageStreamEvent> events = new ArrayList<>();
      try (StreamResponse<RawMessageStreamEvent> s =
          client.messages().createStreaming(message(true))) {
        s.stream().forEach(events::add);
      }
      assertTrue(events.get(events.size() - 1).isMessageStop(), base);
      assertTrue(events.stream().anyMatch(RawMessageStreamEvent::isContentBlockDelta));
      calls += 2;
      assertEquals(calls, upstream.callsWith(token));
    }
  }

  @Test
  void anthropicSdk_asItself_isRefusedBySubscriptionOnlyGroups_andServedByKeys() throws Exception {
    String token = "sk-ant-oat01-" + id();
    Account oauth = pools().oauth(Platform.ANTHROPIC, token, null, 1, 4);
    Account apiKey = pools().account(Platform.ANTHROPIC, "sk-ant-api-" + id(), 9, 4);
    String oauthOnly = pools().key(Platform.ANTHROPIC, 5, oauth);
    String mixed = pools().key(Platform.ANTHROPIC, 5, oauth, apiKey);
    for (String base : gateways()) {
      com.anthropic.errors.PermissionDeniedException refused =
          assertThrows(
              com.anthropic.errors.PermissionDeniedException.class,
              () -> anthropic(base, oauthOnly, false).messages().create(message(false)));
      assertTrue(String.valueOf(refused.getMessage()).contains("Claude Code"), base);
      Message m = anthropic(base, mixed, false).messages().create(message(false));
      assertEquals("msg_1", m.id(), base);
    }
    assertEquals(0, upstream.callsWith(token), "the subscription carried no SDK request");
  }

  private static OpenAIClient openAi(String base, String key, boolean asCodex) {
    OpenAIOkHttpClient.Builder b =
        OpenAIOkHttpClient.builder()
            .baseUrl(base + "/v1")
            .apiKey(key)
            .maxRetries(0)
            .timeout(Duration.ofSeconds(30));
    if (asCodex) {
      b.putHeader("originator", "codex_cli_rs")
          .putHeader("User-Agent", Clients.CODEX_UA)
          .putHeader("version", "0.150.0");
    }
    return b.build();
  }

  @Test
  void openAiSdk_asCodex_isServedByTheChatGptSubscription() throws Exception {
    String token = "codex-at-" + id();
    rules.codexAccount(token, "acct-" + token);
    Account codex = pools().oauth(Platform.OPENAI, token, "acct-" + token, 1, 4);
    String key = pools().key(Platform.OPENAI, 5, codex);
    int calls = 0;
    for (String base : gateways()) {
      List<ResponseStreamEvent> events = new ArrayList<>();
      try (com.openai.core.http.StreamResponse<ResponseStreamEvent> s =
          openAi(base, key, true)
              .responses()
              .createStreaming(
                  ResponseCreateParams.builder()
                      .model("gpt-5.4")
                      .instructions("You are Codex.")
                      .input("hi")
                      .store(false)
                      .build())) {
        s.stream().forEach(events::add);
      }
      assertTrue(events.get(events.size() - 1).isCompleted(), base);
      assertTrue(events.stream().anyMatch(ResponseStreamEvent::isOutputTextDelta), base);
      assertEquals("acct-" + token, upstream.header("chatgpt-account-id"));
      calls++;
      assertEquals(calls, upstream.callsWith(token));
    }
  }

  @Test
  void openAiSdk_asItself_isRefusedByCodexOnlyGroups_andServedByKeys() throws Exception {
    String token = "codex-at-" + id();
    rules.codexAccount(token, "acct-" + token);
    Account codex = pools().oauth(Platform.OPENAI, token, "acct-" + token, 1, 4);
    Account apiKey = pools().account(Platform.OPENAI, "sk-openai-" + id(), 9, 4);
    String codexOnly = pools().key(Platform.OPENAI, 5, codex);
    String mixed = pools().key(Platform.OPENAI, 5, codex, apiKey);
    ChatCompletionCreateParams chat =
        ChatCompletionCreateParams.builder().model("gpt-5").addUserMessage("hi").build();
    for (String base : gateways()) {
      com.openai.errors.PermissionDeniedException refused =
          assertThrows(
              com.openai.errors.PermissionDeniedException.class,
              () ->
                  openAi(base, codexOnly, false)
                      .responses()
                      .create(ResponseCreateParams.builder().model("gpt-5.4").input("hi").build()));
      assertTrue(String.valueOf(refused.getMessage()).contains("Codex"), base);
      ChatCompletion served = openAi(base, mixed, false).chat().completions().create(chat);
      assertEquals("hello", served.choices().get(0).message().content().orElse(""), base);
    }
    assertEquals(0, upstream.callsWith(token));
  }
}
