package io.subgate.gateway.proxy;

/**
 * What real clients send about themselves, for tests: Claude Code's user agent and {@code
 * metadata.user_id}, a Codex CLI's originator, user agent and version. Tests send these as the
 * client would; the gateway only reads them.
 */
final class Clients {
  static final String CLAUDE_CODE_UA = "claude-cli/2.1.80 (external, cli)";
  static final String CLAUDE_CODE_USER_ID =
      "user_"
          + "0123456789abcdef".repeat(4)
          + "_account__session_123e4567-e89b-12d3-a456-426614174000";
  static final String[] CLAUDE_CODE_HEADERS = {
    "user-agent", CLAUDE_CODE_UA,
    "x-app", "cli",
    "anthropic-version", "2023-06-01",
    "anthropic-beta", "claude-code-20250219,interleaved-thinking-2025-05-14"
  };
  static final String CODEX_UA = "codex_cli_rs/0.150.0 (Ubuntu 24.4.0; x86_64) xterm-256color";
  static final String[] CODEX_HEADERS = {
    "originator", "codex_cli_rs",
    "user-agent", CODEX_UA,
    "version", "0.150.0",
    "session_id", "0199a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b"
  };

  private Clients() {}

  /** A Claude Code message body: its metadata and a conversation of its own. */
  static String claudeCodeBody(boolean stream, String text) {
    return "{\"model\":\"claude-sonnet-4\",\"max_tokens\":64,"
        + (stream ? "\"stream\":true," : "")
        + "\"metadata\":{\"user_id\":\""
        + CLAUDE_CODE_USER_ID
        + "\"},\"messages\":[{\"role\":\"user\",\"content\":\""
        + text
        + "\"}]}";
  }

  /** A Codex CLI body: streamed, unstored, as the CLI sends it. */
  static String codexBody(String text) {
    return "{\"model\":\"gpt-5.4\",\"instructions\":\"You are Codex.\",\"stream\":true,"
        + "\"store\":false,\"input\":[{\"type\":\"message\",\"role\":\"user\","
        + "\"content\":[{\"type\":\"input_text\",\"text\":\""
        + text
        + "\"}]}]}";
  }
}
