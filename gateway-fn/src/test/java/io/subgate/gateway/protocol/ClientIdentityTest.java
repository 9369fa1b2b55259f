package io.subgate.gateway.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Clients are recognised from what they send themselves; nothing else makes a subscription client.
 */
class ClientIdentityTest {
  static final String LEGACY_USER_ID =
      "user_" + "a".repeat(64) + "_account__session_123e4567-e89b-12d3-a456-426614174000";
  static final String JSON_USER_ID =
      "{\\\"device_id\\\":\\\"d1\\\",\\\"account_uuid\\\":\\\"\\\",\\\"session_id\\\":\\\"s1\\\"}";
  private static final JsonMapper JSON = JsonMapper.createDefault();

  private static JsonNode body(String json) throws Exception {
    return JSON.readValue(json, JsonNode.class);
  }

  private static ClientIdentity anthropic(Route route, String userAgent, String body)
      throws Exception {
    return AnthropicMessages.INSTANCE.identify(
        route, Map.of("user-agent", userAgent), body(body), JSON);
  }

  @Test
  void claudeCode_needsItsUserAgentAndItsUserIdFormat() throws Exception {
    String legacy = "{\"model\":\"m\",\"metadata\":{\"user_id\":\"" + LEGACY_USER_ID + "\"}}";
    String json = "{\"model\":\"m\",\"metadata\":{\"user_id\":\"" + JSON_USER_ID + "\"}}";
    String cli = "claude-cli/2.1.78 (external, cli)";
    assertEquals(ClientIdentity.CLAUDE_CODE, anthropic(Route.MESSAGES, cli, legacy));
    assertEquals(ClientIdentity.CLAUDE_CODE, anthropic(Route.MESSAGES, cli, json));
    assertEquals(
        ClientIdentity.OTHER,
        anthropic(Route.MESSAGES, cli, "{\"model\":\"m\"}"),
        "the user agent alone does not make Claude Code on /v1/messages");
    assertEquals(
        ClientIdentity.OTHER,
        anthropic(Route.MESSAGES, cli, "{\"model\":\"m\",\"metadata\":{\"user_id\":\"bob\"}}"));
    assertEquals(
        ClientIdentity.OTHER,
        anthropic(Route.MESSAGES, "Anthropic/Java 3.14.0", legacy),
        "an SDK with a copied user id is not Claude Code");
    assertEquals(
        ClientIdentity.CLAUDE_CODE,
        anthropic(Route.COUNT_TOKENS, cli, "{\"model\":\"m\"}"),
        "token counting carries no metadata: the user agent decides");
  }

  @Test
  void codex_needsAnOfficialOriginatorMatchingItsUserAgent() {
    assertEquals(
        ClientIdentity.CODEX, codex("codex_cli_rs", "codex_cli_rs/0.150.0 (Linux; x86_64)"));
    assertEquals(ClientIdentity.CODEX, codex("codex-tui", "codex-tui/0.150.0 (Mac OS; arm64)"));
    assertEquals(ClientIdentity.OTHER, codex("codex_cli_rs", "OpenAI/Java 4.8.0"));
    assertEquals(ClientIdentity.OTHER, codex("my-app", "my-app/1.0"));
    assertEquals(ClientIdentity.OTHER, codex("", "codex_cli_rs/0.150.0"));
  }

  private static ClientIdentity codex(String originator, String userAgent) {
    return OpenAiResponses.INSTANCE.identify(
        Route.RESPONSES,
        Map.of("originator", originator, "user-agent", userAgent),
        JsonNode.createObjectNode(Map.of()),
        JSON);
  }

  @Test
  void geminiCli_isKnownByItsUserAgent_withOrWithoutItsSurface() {
    assertEquals(
        ClientIdentity.GEMINI_CLI, codeAssist("GeminiCLI/0.55.1/gemini-2.5-pro (linux; x64)"));
    assertEquals(
        ClientIdentity.GEMINI_CLI,
        codeAssist(
            "GeminiCLI-tui/0.61.0/gemini-2.5-flash (linux; x64; terminal)"
                + " google-api-nodejs-client/10.9.0"));
    assertEquals(ClientIdentity.OTHER, codeAssist("GeminiCLI-tui (linux)"));
    assertEquals(ClientIdentity.OTHER, codeAssist("my-app GeminiCLI/0.61.0"));
  }

  private static ClientIdentity codeAssist(String userAgent) {
    return CodeAssistEnvelope.INSTANCE.identify(
        Route.CODE_ASSIST_STREAM,
        Map.of("user-agent", userAgent),
        JsonNode.createObjectNode(Map.of()),
        JSON);
  }
}
